import { catalog } from '../../catalog/index.ts';
import { optionHelp } from '../../catalog/option-help.ts';
import type { CommandSpec, Handler } from '../../catalog/types.ts';
import { printJson, printList } from '../../output/format.ts';

/** One entry per command, for tooling: path, operation, arguments and options. */
export function describeCatalog(commands: CommandSpec[] = catalog) {
  return commands
    .filter((spec) => !spec.hidden)
    .map((spec) => ({
      path: spec.path.join(' '),
      aliases: spec.aliases ?? [],
      summary: spec.summary,
      operation: spec.operation ?? null,
      arguments: (spec.args ?? []).map((a) => ({
        name: a.name,
        required: !a.optional,
        variadic: Boolean(a.variadic),
        description: a.description,
        ...(a.choices ? { choices: a.choices } : {}),
      })),
      options: [
        ...(spec.options ?? []).map((o) => ({
          flags: o.flags,
          ...(o.alias ? { alias: o.alias } : {}),
          description: optionHelp(spec, o),
          required: Boolean(o.required),
          ...(o.choices ? { choices: o.choices } : {}),
        })),
        ...(spec.data
          ? [
              {
                flags: '-d, --data <json>',
                description: 'request body as JSON, @file or -',
                required: spec.data === 'required',
              },
            ]
          : []),
        ...(spec.paginate ? [{ flags: '--all', description: 'fetch every page', required: false }] : []),
        ...(spec.confirm
          ? [{ flags: '-y, --yes', description: 'do not ask for confirmation', required: false }]
          : []),
      ],
    }));
}

export const listCommands: Handler = async (session) => {
  const entries = describeCatalog();
  if (session.settings.output === 'json') printJson(session.out, entries);
  else await printList(session.out, entries, entries, ['path', 'operation', 'summary']);
  return 0;
};
