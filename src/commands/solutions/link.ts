import { confirmOrRefuse, printResult } from '../../catalog/execute.ts';
import type { Handler } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';

/** The kinds `solutions link|unlink <id>` takes, in the order their requests go out. */
const KINDS = [
  {
    option: 'agents',
    flag: '--agents',
    noun: 'agents',
    path: (id: string) => apiPath`/solutions/${id}/agents`,
  },
  {
    option: 'kb',
    flag: '--kb',
    noun: 'knowledge bases',
    path: (id: string) => apiPath`/solutions/${id}/knowledge-bases`,
  },
  {
    option: 'sources',
    flag: '--sources',
    noun: 'sources',
    path: (id: string) => apiPath`/solutions/${id}/source-connections`,
  },
] as const;

/** `solutions link|unlink <solution-id> --agents a,b --kb c --sources d`: one request per kind given. */
export const linkResources: Handler = async (session, input) => {
  const verb = input.spec.path[input.spec.path.length - 1];
  const solutionId = input.args['solution-id'] as string;
  const work = KINDS.map((kind) => ({ ...kind, ids: idList(input.options[kind.option], kind.flag) })).filter(
    (kind) => kind.ids.length > 0,
  );
  if (work.length === 0)
    throw new UsageError(
      `solutions ${verb} needs --agents, --kb or --sources`,
      `e.g. seclai solutions ${verb} ${solutionId} --agents <id>,<id>`,
    );
  if (!(await confirmOrRefuse(session, input)).confirmed) {
    session.note('Cancelled; nothing was changed.');
    return 1;
  }
  const client = await session.api();
  const done: string[] = [];
  let last: { status: number; data: unknown } | undefined;
  for (const kind of work) {
    try {
      last = await client.request({
        method: verb === 'link' ? 'POST' : 'DELETE',
        path: kind.path(solutionId),
        body: { ids: kind.ids },
      });
    } catch (err) {
      if (done.length > 0)
        session.note(`${verb === 'link' ? 'Linked' : 'Unlinked'} ${done.join(' and ')} before this failed.`);
      throw err;
    }
    done.push(kind.noun);
  }
  await printResult(session, input.spec, input, last!.status, last!.data);
  return 0;
};

/** `--agents a,b --agents c` → ['a', 'b', 'c']; an empty id is a usage error. */
function idList(values: unknown, flag: string): string[] {
  if (values === undefined) return [];
  const ids = (values as string[]).flatMap((value) => value.split(',')).map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError(`${flag} takes ids separated by commas, none empty`);
  return ids;
}
