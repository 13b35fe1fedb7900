// Structure checks against the fields SARIF 2.1.0 requires (sarif-schema-2.1.0.json `required`
// lists), plus the rule metadata and fixes hotspy promises.
import { describe, expect, it } from 'vitest';
import { renderCheckSarif } from '../../src/report/check-sarif.js';
import { ruleDocsPath } from '../../src/report/rule-docs.js';
import { allRules } from '../../src/rules/index.js';
import { cleanResult, CWD, sampleResult } from './check-sample.js';

// the parsed document is untyped on purpose: the tests check it field by field
type Json = any;

const LEVELS = ['none', 'note', 'warning', 'error'];

function render(result = sampleResult()): Json {
  return JSON.parse(renderCheckSarif(result, { cwd: CWD, rules: allRules }));
}

function expectRegion(region: Json): void {
  expect(Number.isInteger(region.startLine) && region.startLine >= 1).toBe(true);
  expect(Number.isInteger(region.startColumn) && region.startColumn >= 1).toBe(true);
  expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
  if (region.endLine === region.startLine) expect(region.endColumn).toBeGreaterThanOrEqual(region.startColumn);
}

function expectArtifactLocation(location: Json, run: Json): void {
  expect(typeof location.uri).toBe('string');
  expect(() => new URL(location.uri, run.originalUriBaseIds[location.uriBaseId ?? '%SRCROOT%'].uri)).not.toThrow();
  if (location.uriBaseId) expect(run.originalUriBaseIds).toHaveProperty([location.uriBaseId]);
}

// The properties SARIF 2.1.0 allows on each object we write: its schema sets
// `additionalProperties: false`, so anything else makes the log invalid.
const ALLOWED: Record<string, string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'],
  toolComponent: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'],
  reportingDescriptor: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  result: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'],
  fix: ['description', 'artifactChanges', 'properties'],
  artifactChange: ['artifactLocation', 'replacements', 'properties'],
  replacement: ['deletedRegion', 'insertedContent', 'properties'],
  artifactContent: ['text', 'binary', 'rendered', 'properties'],
  notification: ['locations', 'message', 'level', 'threadId', 'timeUtc', 'exception', 'descriptor', 'associatedRule', 'properties'],
};

function expectOnly(kind: string, value: Json): void {
  const extra = Object.keys(value).filter((k) => !ALLOWED[kind].includes(k));
  expect(extra, `properties not allowed on a SARIF ${kind}`).toEqual([]);
}

function expectLocation(location: Json): void {
  expectOnly('location', location);
  expectOnly('physicalLocation', location.physicalLocation);
  expectOnly('artifactLocation', location.physicalLocation.artifactLocation);
  if (location.physicalLocation.region) expectOnly('region', location.physicalLocation.region);
}

describe('renderCheckSarif', () => {
  it('writes only properties the 2.1.0 schema allows', () => {
    const doc = render();
    expectOnly('log', doc);
    const run = doc.runs[0];
    expectOnly('run', run);
    expectOnly('toolComponent', run.tool.driver);
    for (const rule of run.tool.driver.rules) {
      expectOnly('reportingDescriptor', rule);
      for (const key of ['shortDescription', 'fullDescription', 'help']) expectOnly('multiformatMessageString', rule[key]);
      expectOnly('reportingConfiguration', rule.defaultConfiguration);
    }
    for (const result of run.results) {
      expectOnly('result', result);
      expectOnly('message', result.message);
      result.locations.forEach(expectLocation);
      for (const fix of result.fixes ?? []) {
        expectOnly('fix', fix);
        expectOnly('message', fix.description);
        for (const change of fix.artifactChanges) {
          expectOnly('artifactChange', change);
          expectOnly('artifactLocation', change.artifactLocation);
          for (const r of change.replacements) {
            expectOnly('replacement', r);
            expectOnly('region', r.deletedRegion);
            expectOnly('artifactContent', r.insertedContent);
          }
        }
      }
    }
    for (const note of run.invocations[0].toolExecutionNotifications) {
      expectOnly('notification', note);
      note.locations.forEach(expectLocation);
    }
  });

  it('has the top-level fields of SARIF 2.1.0', () => {
    const doc = render();
    expect(doc.version).toBe('2.1.0');
    expect(doc.$schema).toMatch(/sarif-2\.1\.0/);
    expect(doc.runs).toHaveLength(1);
    expect(doc.runs[0].tool.driver.name).toBe('hotspy');
    expect(doc.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///home/dev/project/');
  });

  it('describes every rule from its metadata', () => {
    const rules = render().runs[0].tool.driver.rules;
    for (const rule of allRules) {
      const entry = rules.find((r: Json) => r.id === rule.id);
      expect(entry, rule.id).toBeDefined();
      expect(entry.name).toBe(rule.name);
      expect(entry.shortDescription.text).toBe(rule.docs.summary);
      expect(entry.fullDescription.text).toBe(rule.docs.what);
      expect(entry.help.markdown).toContain(`# ${rule.id} ${rule.name}`);
      expect(entry.help.markdown).toContain(rule.docs.why);
      expect(entry.help.text).toContain(rule.docs.fix);
      expect(entry.help.text).not.toContain('\x1b');
      expect(entry.helpUri).toBe(ruleDocsPath(rule));
      expect(entry.properties).toMatchObject({ tier: rule.tier, equivalents: rule.equivalents });
      expect(LEVELS).toContain(entry.defaultConfiguration.level);
    }
    const ids = rules.map((r: Json) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes results with valid levels, locations and rule indexes', () => {
    const run = render().runs[0];
    expect(run.results).toHaveLength(3);
    for (const result of run.results) {
      expect(typeof result.message.text).toBe('string');
      expect(LEVELS).toContain(result.level);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
      expectArtifactLocation(result.locations[0].physicalLocation.artifactLocation, run);
      expectRegion(result.locations[0].physicalLocation.region);
    }
    expect(run.results.map((r: Json) => r.level)).toEqual(['warning', 'note', 'error']);
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/app.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 30, endLine: 3, endColumn: 46 },
    });
    expect(run.results[2].locations[0].physicalLocation.artifactLocation.uri).toBe('lib/broken%2Cfile.py');
  });

  it('writes related locations of a finding as relatedLocations', () => {
    const result = sampleResult();
    result.findings[0] = { ...result.findings[0], related: [{ line: 5, column: 12 }] };
    const [membership, keys] = render(result).runs[0].results;
    expect(keys.relatedLocations).toBeUndefined();
    expect(membership.relatedLocations).toHaveLength(1);
    const [related] = membership.relatedLocations;
    expectLocation(related);
    expect(related.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/app.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 12 },
    });
  });

  it('turns edits into fixes, and offers none without edits', () => {
    const [membership, keys] = render().runs[0].results;
    expect(membership.fixes).toBeUndefined();
    expect(keys.fixes).toHaveLength(1);
    const fix = keys.fixes[0];
    expect(fix.description.text).toBe('Iterate `d` directly');
    expect(fix.artifactChanges).toHaveLength(1);
    expect(fix.artifactChanges[0].artifactLocation.uri).toBe('src/app.py');
    const [replacement] = fix.artifactChanges[0].replacements;
    expectRegion(replacement.deletedRegion);
    expect(replacement.insertedContent.text).toBe('d');
  });

  it('adds a descriptor for engine findings outside the registry (HS000)', () => {
    const run = render().runs[0];
    const syntax = run.results[2];
    expect(syntax.ruleId).toBe('HS000');
    expect(run.tool.driver.rules[syntax.ruleIndex]).toMatchObject({ id: 'HS000', name: 'syntax-error' });
  });

  it('reports errors as tool execution notifications', () => {
    const invocation = render().runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    const note = invocation.toolExecutionNotifications[0];
    expect(note.level).toBe('error');
    expect(note.message.text).toBe('data/blob.py: not UTF-8 text (invalid byte 0xff at offset 12)');
    expect(note.locations[0].physicalLocation.artifactLocation.uri).toBe('data/blob.py');
  });

  it('marks the run unsuccessful when nothing could be checked', () => {
    const result = { ...cleanResult(), filesChecked: 0, errors: [{ path: '/nope', message: 'no such file' }] };
    const run = render(result).runs[0];
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.results).toEqual([]);
    expect(run.invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe('file:///nope');
  });
});
