/** The message content of a call, refused the way Slack refuses it. */
import { messageProblems } from './block-limits.ts';
import { fail } from './slack-error.ts';
import type { Block, Json, MessageContent } from './types.ts';

/** Picks text/blocks/attachments/metadata; `no_text` or `invalid_blocks` when Slack would refuse. */
export function checkedContent(args: Json): MessageContent {
  const content: MessageContent = {};
  if (typeof args.text === 'string') content.text = args.text;
  if (Array.isArray(args.blocks)) content.blocks = args.blocks as Block[];
  if (Array.isArray(args.attachments)) content.attachments = args.attachments;
  if (args.metadata !== undefined) content.metadata = args.metadata;
  const hasBlocks = (content.blocks?.length ?? 0) > 0;
  if (!content.text && !hasBlocks && !content.attachments?.length) {
    fail('no_text', ['message: neither text nor blocks']);
  }
  const problems = messageProblems(args);
  if (problems.length > 0) fail('invalid_blocks', problems);
  return content;
}
