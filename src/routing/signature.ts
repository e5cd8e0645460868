import type { RoutingTask } from './types';

/**
 * The required-skill signature of a waiting task: the same key for every task that needs the same skills at the same
 * levels, `''` for none. Invitations route without skills whatever their chat needs (policies route customers' chats).
 *
 * @example
 * ```ts
 * signatureOf(task); // 'billing=2|de=1' for a chat that needs { de: 1, billing: 2 }
 * ```
 */
export function signatureOf(task: RoutingTask): string {
  const skills = requiredSkills(task);
  if (skills === undefined) return '';
  const keys = Object.keys(skills).sort();
  return keys.map((k) => `${k}=${skills[k] as number}`).join('|');
}

/** The skills a task needs of an agent (none for an invitation). */
export function requiredSkills(task: RoutingTask): Readonly<Record<string, number>> | undefined {
  return task.kind === 'chat' ? task.policy?.skills : undefined;
}
