// `hotspy run --format json`: the advice as data (a contract: keep these keys).
import type { DoctorReport } from '../doctor/types.js';

export function renderRunJson(report: DoctorReport, extra: { profilePath?: string; htmlPath?: string } = {}): string {
  const json = {
    version: 1,
    profile: { meta: report.meta, ...(extra.profilePath ? { path: extra.profilePath } : {}) },
    // what every share is a fraction of (see DoctorReport.shares)
    shares: report.shares,
    advice: report.advice,
    diagnoses: report.diagnoses,
    cold: report.cold,
    findings: report.findings,
    files: report.files,
    ...(extra.htmlPath ? { html: extra.htmlPath } : {}),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
