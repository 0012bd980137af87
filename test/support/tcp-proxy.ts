import { once } from 'node:events';
import net from 'node:net';

export interface TcpProxy {
  /** 127.0.0.1 port to connect to instead of the target. */
  port: number;
  /**
   * A network partition that drops packets: every byte either way is held, connections stay open
   * and new ones are accepted but never answered, like a peer that went silent (not one that refuses).
   */
  drop(): void;
  /** The network is back: what was held is delivered (TCP would retransmit it) and traffic flows again. */
  heal(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
  /** One side closed while the network was down: the other learns it only once it is back. */
  closed?: boolean;
}

/** A pass-through TCP proxy in front of `target` whose network a test can cut and restore. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let dropping = false;

  const flow = (pair: Pair) => {
    pair.upstream ??= connectUpstream(pair);
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
  };
  const hold = (pair: Pair) => {
    if (pair.upstream) {
      pair.client.unpipe(pair.upstream);
      pair.upstream.unpipe(pair.client);
      pair.upstream.pause();
    }
    pair.client.pause();
  };
  const end = (pair: Pair) => {
    if (dropping) {
      pair.closed = true;
      return;
    }
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const connectUpstream = (pair: Pair) =>
    net
      .connect(target.port, target.host)
      .on('error', () => end(pair))
      .on('close', () => end(pair));

  const server = net.createServer((client) => {
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => end(pair)).on('close', () => end(pair));
    if (dropping) client.pause();
    else flow(pair);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    port: (server.address() as net.AddressInfo).port,
    drop() {
      dropping = true;
      for (const pair of pairs) hold(pair);
    },
    heal() {
      dropping = false;
      for (const pair of pairs) {
        if (pair.closed) end(pair);
        else flow(pair);
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
