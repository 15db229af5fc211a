// `agents import <file|->`: an export, previewed, its references remapped, created as a new agent.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJson } from '../../catalog/input.ts';
import type { Handler } from '../../catalog/types.ts';
import { CliError, ExitCode, UsageError } from '../../errors.ts';
import { printJson, printList, printObject } from '../../output/format.ts';
import { readAll } from '../../read-all.ts';
import type { Session } from '../../session.ts';

/** One entry of the preview's `unresolved_refs`: a reference the target account lacks. */
export interface UnresolvedRef {
  category: string;
  ref_id: string;
  ref_name?: string;
  locations?: string[];
  alternatives?: { id: string; name?: string; description?: string }[];
}

type Remap = Record<string, string>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readExport(session: Session, file: string): Promise<Record<string, unknown>> {
  let text: string;
  if (file === '-') {
    text = await readAll(session.io.stdin);
  } else {
    try {
      text = readFileSync(resolve(session.ctx.cwd, file), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const parsed = parseJson(text, file === '-' ? 'the export on stdin' : file);
  if (!isObject(parsed) || !isObject(parsed.agent))
    throw new UsageError(
      `${file === '-' ? 'stdin' : file} is not an agent export (no "agent" object)`,
      'make one with `seclai agents export <agent-id> --json > export.json`',
    );
  return parsed;
}

/** `--remap-file` (a JSON object of old id → new id), then each `--remap old=new` over it. */
export function readRemap(
  session: Session,
  pairs: [string, string][] | undefined,
  file: string | undefined,
): Remap {
  const remap: Remap = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(session.ctx.cwd, file), 'utf8');
    } catch (err) {
      throw new UsageError(
        `--remap-file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    const parsed = parseJson(text, `--remap-file ${file}`);
    if (!isObject(parsed))
      throw new UsageError(`--remap-file ${file} must be a JSON object of old id → new id`);
    for (const [from, to] of Object.entries(parsed)) {
      if (typeof to !== 'string' || to.trim() === '')
        throw new UsageError(`--remap-file ${file}: the new id for ${from} must be a non-empty string`);
      remap[from] = to;
    }
  }
  for (const [from, to] of pairs ?? []) {
    if (to.trim() === '') throw new UsageError(`--remap ${from}= needs the new id after =`);
    remap[from] = to;
  }
  return remap;
}

function describeRef(ref: UnresolvedRef): string {
  return `${ref.category} ${ref.ref_id}${ref.ref_name ? ` ("${ref.ref_name}")` : ''}`;
}

/** Asks, on a terminal, which alternative replaces each reference the remap does not cover. */
async function askForMissing(session: Session, missing: UnresolvedRef[], remap: Remap): Promise<void> {
  for (const ref of missing) {
    const choices = (ref.alternatives ?? []).map((alt) => ({
      name: `${alt.name ?? alt.id}  ${alt.id}`,
      value: alt.id,
    }));
    if (choices.length > 0) {
      const picked = await session.ctx.prompter.select(`Replace ${describeRef(ref)} with`, [
        ...choices,
        { name: 'another id (type it)', value: '' },
      ]);
      if (picked !== '') {
        remap[ref.ref_id] = picked;
        continue;
      }
    }
    const typed = (await session.ctx.prompter.input(`Id to use for ${describeRef(ref)}`)).trim();
    if (typed === '') throw new UsageError(`no id given for ${describeRef(ref)}; nothing was created`);
    remap[ref.ref_id] = typed;
  }
}

export const importAgent: Handler = async (session, { args, options }) => {
  const file = args.file as string;
  const remap = readRemap(
    session,
    options.remap as [string, string][] | undefined,
    options.remapFile as string | undefined,
  );
  const name = options.name as string | undefined;
  if (name !== undefined && name.trim() === '') throw new UsageError('--name must not be empty');
  const exported = await readExport(session, file);
  const client = await session.api();
  const preview = (
    await client.request({
      method: 'POST',
      path: '/agents/preview-import',
      body: { agent_definition: exported },
    })
  ).data;
  if (!isObject(preview)) throw new CliError('the import preview answered with no summary', ExitCode.failure);
  const unresolved = (Array.isArray(preview.unresolved_refs) ? preview.unresolved_refs : []).filter(
    (ref): ref is UnresolvedRef => isObject(ref) && typeof ref.ref_id === 'string',
  );
  const known = new Set(unresolved.map((ref) => ref.ref_id));
  for (const from of Object.keys(remap))
    if (!known.has(from))
      session.note(`warning: --remap ${from}: the preview reported no such reference; sent anyway`);
  const missing = unresolved.filter((ref) => !Object.hasOwn(remap, ref.ref_id));
  if (missing.length > 0 && !options.dryRun) {
    if (!session.canPrompt) {
      throw new UsageError(
        `${missing.length} reference(s) the target account lacks have no mapping: ${missing.map(describeRef).join('; ')}`,
        'map each with --remap <old-id>=<new-id> or --remap-file map.json',
      );
    }
    await askForMissing(session, missing, remap);
  }
  const agentName = name ?? (typeof preview.agent_name === 'string' ? preview.agent_name : undefined);
  if (!agentName) throw new UsageError('the export has no agent name; give one with --name');

  if (options.dryRun) {
    const plan = unresolved.map((ref) => ({
      category: ref.category,
      ref_id: ref.ref_id,
      ref_name: ref.ref_name ?? null,
      new_id: remap[ref.ref_id] ?? null,
      alternatives: (ref.alternatives ?? []).map((alt) => alt.id),
    }));
    if (session.settings.output === 'json') {
      printJson(session.out, { name: agentName, preview, entity_remap: remap, references: plan });
    } else {
      await printObject(session.out, { name: agentName, ...preview, unresolved_refs: plan.length }, [
        'name',
        'step_count',
        'unresolved_refs',
      ]);
      if (plan.length > 0)
        await printList(session.out, plan, plan, ['category', 'ref_id', 'ref_name', 'new_id']);
      session.note(
        missing.length > 0
          ? `Dry run: ${missing.filter((ref) => !remap[ref.ref_id]).length} reference(s) still need a mapping; nothing was created.`
          : 'Dry run: nothing was created.',
      );
    }
    return ExitCode.ok;
  }

  const body: Record<string, unknown> = { name: agentName, agent_definition: exported };
  if (Object.keys(remap).length > 0) body.entity_remap = remap;
  const created = (await client.request({ method: 'POST', path: '/agents', body })).data;
  if (!isObject(created)) throw new CliError('creating the agent answered with no agent', ExitCode.failure);
  session.note(`✓ Imported agent ${agentName}  ${String(created.id ?? '')}`);
  await printObject(session.out, created, ['id', 'name', 'status']);
  return 0;
};
