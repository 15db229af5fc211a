import type { CommandSpec } from './types.ts';

export const completionCommands: CommandSpec[] = [
  {
    path: ['completion'],
    summary: 'Print a shell completion script (bash, zsh, fish or powershell)',
    description:
      'Load it in the current shell or install it where your shell looks for completions; it completes commands, sub-commands and flags.',
    args: [{ name: 'shell', description: 'bash, zsh, fish or powershell' }],
    handler: async () => (await import('../commands/completion/completion.ts')).printCompletion,
    examples: [
      { command: 'source <(seclai completion bash)', description: 'bash, this shell only' },
      { command: `seclai completion zsh > "\${fpath[1]}/_seclai"`, description: 'zsh, every new shell' },
      { command: 'seclai completion fish > ~/.config/fish/completions/seclai.fish' },
      {
        command: 'seclai completion powershell | Out-String | Invoke-Expression',
        description: 'PowerShell, this session (add the line to $PROFILE to keep it)',
      },
    ],
  },
];
