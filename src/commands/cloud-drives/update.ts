import { executeRow } from '../../catalog/execute.ts';
import type { Handler } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';

interface UpdateOptions {
  name?: string;
  folderPath?: string;
  wholeDrive?: boolean;
}

/**
 * `seclai cloud-drives update <connection-id>`: sends only the fields given. The API reads an empty
 * `folder_path` as "watch the whole drive" and resets the sync cursor, so only --whole-drive sends it.
 */
export const updateCloudDrive: Handler = async (session, input) => {
  const options = input.options as UpdateOptions;
  if (options.name !== undefined && options.name.trim() === '')
    throw new UsageError('--name must not be empty');
  if (options.folderPath !== undefined && options.folderPath.trim() === '') {
    throw new UsageError('--folder-path must not be empty', 'to watch the whole drive, use --whole-drive');
  }
  if (options.folderPath !== undefined && options.wholeDrive) {
    throw new UsageError('--folder-path and --whole-drive exclude each other: give one');
  }
  if (options.name === undefined && options.folderPath === undefined && !options.wholeDrive) {
    throw new UsageError('nothing to change: give --name, --folder-path or --whole-drive');
  }
  const folderPath = options.wholeDrive ? '' : options.folderPath;
  return executeRow(session, { ...input, options: { ...input.options, folderPath } });
};
