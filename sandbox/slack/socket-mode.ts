/**
 * Socket Mode: `apps.connections.open` hands out a WebSocket URL on this same fake; the bot
 * connects, the fake says hello, and a test sends envelopes (what Slack would have POSTed) and
 * gets back the bot's acks, which are also applied and recorded like HTTP acks.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { AckReport, Json } from './types.ts';

const PATH = '/socket-mode';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketModeAck {
  envelope_id: string;
  /** What the bot answered; `{}` for a plain "got it". */
  payload?: Json;
}

/** The ack as the HTTP driver would have reported it, so both transports are applied and recorded alike. */
function ackReport(type: EnvelopeType, payload: Json, ack: SocketModeAck, raw: string): AckReport {
  const user = payload.user as { id?: string } | undefined;
  const channel = payload.channel as { id?: string } | undefined;
  const view = payload.view as { id?: string } | undefined;
  const userId = (payload.user_id as string | undefined) ?? user?.id ?? '';
  const channelId = (payload.channel_id as string | undefined) ?? channel?.id;
  const empty = !ack.payload || Object.keys(ack.payload).length === 0;
  return {
    kind: type === 'slash_commands' ? 'slash_command' : type === 'interactive' ? String(payload.type) : 'event',
    userId,
    ...(channelId ? { channelId } : {}),
    ...(view?.id ? { viewId: view.id } : {}),
    status: 200,
    body: empty ? '' : ack.payload,
    raw,
  };
}

export class SocketModeHub {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sockets: WebSocket[] = [];
  private readonly waiting = new Map<string, (ack: SocketModeAck, raw: string) => void>();
  private baseUrl = '';

  private readonly appId: string;
  private readonly onAck: (report: AckReport) => void;

  constructor(appId: string, onAck: (report: AckReport) => void) {
    this.appId = appId;
    this.onAck = onAck;
  }

  /** Once the fake listens: its `http://…` URL, served as `ws://…`. */
  attach(httpUrl: string): void {
    this.baseUrl = httpUrl.replace(/^http/, 'ws');
  }

  /** What `apps.connections.open` answers: a new ticket each time, as Slack does. */
  connectUrl(): string {
    return `${this.baseUrl}${PATH}?ticket=${randomUUID()}`;
  }

  /** Connections open now (Slack allows up to 10 per app). */
  get connections(): number {
    return this.sockets.length;
  }

  /** The HTTP server's `upgrade` event. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!req.url?.startsWith(PATH)) return void socket.destroy();
    this.server.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.push(ws);
      ws.on('close', () => this.sockets.splice(this.sockets.indexOf(ws), 1));
      ws.on('message', (data) => this.receive(data));
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.length,
          connection_info: { app_id: this.appId },
        }),
      );
    });
  }

  /** Sends one envelope on the newest connection and resolves with the bot's ack. */
  send(type: EnvelopeType, payload: Json, timeoutMs = 5_000): Promise<SocketModeAck> {
    const ws = this.sockets[this.sockets.length - 1];
    if (!ws) return Promise.reject(new Error('no Socket Mode connection is open'));
    const envelopeId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(new Error(`no ack for the ${type} envelope within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(envelopeId, (ack, raw) => {
        clearTimeout(timer);
        this.onAck(ackReport(type, payload, ack, raw));
        resolve(ack);
      });
      ws.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }),
      );
    });
  }

  private receive(data: RawData): void {
    const raw = data.toString();
    const ack = JSON.parse(raw) as SocketModeAck;
    this.waiting.get(ack.envelope_id)?.(ack, raw);
    this.waiting.delete(ack.envelope_id);
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
