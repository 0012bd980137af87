/**
 * Named points where the crash tests kill the bot (FAILPOINT=<name>), to prove that each step
 * survives a process dying right there. Inert unless that variable names the point.
 */
export function failpoint(name: string): void {
  if (process.env.FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
