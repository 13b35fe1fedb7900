// Profile -> bytes or text in one of the formats other tools read. Binary formats return a
// Uint8Array, text formats a string; the CLI decides where it goes.
import type { Profile } from '../model.js';
import { exportCollapsed } from './collapsed.js';
import { exportHotspyJson } from './hotspy-json.js';
import { exportPprof } from './pprof.js';
import { exportSpeedscope } from './speedscope.js';

export type ExportFormat = 'json' | 'speedscope' | 'collapsed' | 'pprof';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'speedscope', 'collapsed', 'pprof'];

const EXPORTERS: Record<ExportFormat, (profile: Profile) => Uint8Array | string> = {
  json: exportHotspyJson,
  speedscope: exportSpeedscope,
  collapsed: exportCollapsed,
  pprof: exportPprof,
};

export function exportProfile(profile: Profile, format: ExportFormat): Uint8Array | string {
  return EXPORTERS[format](profile);
}

/** True for formats whose output is binary (must not be written to a terminal). */
export function isBinaryFormat(format: ExportFormat): boolean {
  return format === 'pprof';
}
