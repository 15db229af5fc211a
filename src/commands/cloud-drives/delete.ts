import { executeRow } from '../../catalog/execute.ts';
import type { Handler } from '../../catalog/types.ts';
import { CliError } from '../../errors.ts';
import { ApiError } from '../../http/errors.ts';
import { safeForTerminal } from '../../output/terminal-text.ts';
import type { Session } from '../../session.ts';
import { usersNamedIn } from './in-use.ts';

/**
 * `seclai cloud-drives delete <connection-id>`: the API refuses with 409 while an agent trigger or a
 * source uses the connection; the error then says which, and how to list the agents.
 */
export const deleteCloudDrive: Handler = async (session, input) => {
  const id = input.args['connection-id'] as string;
  try {
    return await executeRow(session, input);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    const users = usersNamedIn(error.body);
    if (users.length === 0) users.push(...(await agentsUsing(session, id)));
    const what =
      users.length > 0
        ? `: still used by ${safeForTerminal(users.join(', '))}`
        : ': an agent or a source still uses it';
    throw new CliError(
      `cannot delete cloud drive ${id}${what}`,
      1,
      `detach them first; \`seclai cloud-drives agents ${id}\` lists the agents that use it`,
    );
  }
};

/** The agents `GET /cloud-drives/{id}/agents` names, when the 409 itself named nobody; none if that fails too. */
async function agentsUsing(session: Session, id: string): Promise<string[]> {
  try {
    const client = await session.api();
    const { data } = await client.request({
      method: 'GET',
      path: `/cloud-drives/${encodeURIComponent(id)}/agents`,
    });
    return usersNamedIn({ agents: Array.isArray(data) ? data : (data as { data?: unknown })?.data });
  } catch {
    return [];
  }
}
