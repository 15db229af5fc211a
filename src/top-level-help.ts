import { type Command, Help } from 'commander';

/** The commands a newcomer needs first, in the order `seclai --help` shows them. */
export const START_HERE = ['auth', 'me', 'agents', 'runs', 'sources', 'knowledge-bases', 'api'];

export const START_HERE_HEADING = 'Start here:';
export const MORE_COMMANDS_HEADING = 'More commands:';

export const TOP_LEVEL_EXAMPLES = `Examples:
  $ seclai auth login
      sign in with your browser (or store a key: seclai auth login --with-api-key)
  $ seclai agents list
  $ seclai agents run 3f1a… --input "Summarise this week's tickets"
      run an agent and watch its steps
  $ seclai sources upload 7b2e… report.pdf
  $ seclai kb list --json | jq -r ".[].name"
  $ seclai api GET /agents -q limit=5
      any endpoint, when no command fits
  $ seclai help agents run
      the help of one command`;

/**
 * Groups `seclai --help`'s commands: "Start here" (in START_HERE's order), then every other
 * command alphabetically.
 */
export function groupTopLevelCommands(program: Command): void {
  for (const command of program.commands)
    command.helpGroup(START_HERE.includes(command.name()) ? START_HERE_HEADING : MORE_COMMANDS_HEADING);
  program.commandsGroup(MORE_COMMANDS_HEADING).helpCommand(true);
  // This order replaces commander's own sort, which would compare with localeCompare: its first
  // call loads ICU's collator, a cost `seclai --help` would pay at every start.
  program.configureHelp({
    ...program.configureHelp(),
    sortSubcommands: false,
    visibleCommands: startHereFirst,
  });
}

function startHereFirst(this: Help, cmd: Command): Command[] {
  const rank = (c: Command) => {
    const index = START_HERE.indexOf(c.name());
    return index === -1 ? START_HERE.length : index;
  };
  const byName = (a: Command, b: Command) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0);
  return Help.prototype.visibleCommands.call(this, cmd).sort((a, b) => rank(a) - rank(b) || byName(a, b));
}
