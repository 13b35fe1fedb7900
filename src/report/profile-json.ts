// The JSON report of a profile is the hotspy profile file itself (docs/profile-format.md): its
// `meta`, `functions` and `lines` keys are the summary, and the rest lets any reader rebuild it.
import { exportHotspyJson } from '../profile/export/hotspy-json.js';
import type { Profile } from '../profile/model.js';

export function renderProfileJson(profile: Profile): string {
  return exportHotspyJson(profile);
}
