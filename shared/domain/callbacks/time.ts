// Instants as the task keeps them (UTC ISO strings), moved by whole minutes or days.

export function plusMinutes(at: string | Date, minutes: number): string {
  return new Date(new Date(at).getTime() + minutes * 60_000).toISOString();
}

export function plusDays(at: string | Date, days: number): string {
  return plusMinutes(at, days * 1440);
}

/** a ≤ b as instants (not as strings: a caller's `at` may carry an offset). */
export function notAfter(a: string | Date, b: string | Date): boolean {
  return new Date(a).getTime() <= new Date(b).getTime();
}

/** The agent as histories name people: `agent:<id>`; a label that already names its kind is kept. */
export function actorOf(agent: string): string {
  return agent.includes(':') ? agent : `agent:${agent}`;
}
