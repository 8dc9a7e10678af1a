import fs from 'node:fs';
import path from 'node:path';
import {
  parseTargetsAnnotation,
  PERISKOP_SERVICE_NAME_ANNOTATION,
  PERISKOP_TARGETS_ANNOTATION,
} from '@periskop-backstage/plugin-periskop-common';
import {
  DEFAULT_PUSH_TOKEN,
  demoJobs,
  demoServices,
  targetUrls,
} from './services';

/**
 * The catalog files are YAML; this reads the few fields that must agree with
 * the demo services (one `key: value` per line, as the files are written).
 */
function readDocuments(file: string): Array<Record<string, string>> {
  const text = fs.readFileSync(path.resolve(__dirname, '../..', file), 'utf8');
  return text
    .split(/^---$/m)
    .map(doc => {
      const fields: Record<string, string> = {};
      let section = '';
      for (const line of doc.split('\n')) {
        const top = /^(\w+):\s*(.*)$/.exec(line);
        if (top) {
          section = top[1];
          if (top[2]) fields[section] = top[2];
          continue;
        }
        const nested = /^\s+([\w./-]+):\s*(.+)$/.exec(line);
        if (nested && !(`${section}.${nested[1]}` in fields)) {
          fields[`${section}.${nested[1]}`] = nested[2];
        }
      }
      return fields;
    })
    .filter(fields => fields.kind);
}

describe('example catalog', () => {
  const entities = readDocuments('entities.yaml');
  const org = readDocuments('org.yaml');
  const component = (name: string) =>
    entities.find(e => e.kind === 'Component' && e['metadata.name'] === name);

  it('points every demo service at the ports it listens on', () => {
    for (const definition of demoServices) {
      const entity = component(definition.name);
      expect(entity).toBeDefined();
      const annotation =
        entity![`metadata.${PERISKOP_TARGETS_ANNOTATION}`] ?? '';
      const parsed = parseTargetsAnnotation(annotation);
      expect(parsed.errors).toEqual([]);
      const urls = parsed.targets.map(t => (t.type === 'http' ? t.url : ''));
      expect(urls.slice(0, definition.ports.length)).toEqual(
        targetUrls(definition),
      );
      expect(entity!['spec.owner']).toBe(definition.owner);
      expect(entity!['spec.system']).toBe('shop');
      expect(entity!['spec.type']).toBe('service');
      expect(entity!['spec.lifecycle']).toBe('production');
      expect(entity![`metadata.${PERISKOP_SERVICE_NAME_ANNOTATION}`]).toBe(
        definition.serviceName,
      );
    }
  });

  it('lists one api-feeds target on which nothing listens', () => {
    const annotation =
      component('api-feeds')![`metadata.${PERISKOP_TARGETS_ANNOTATION}`];
    const urls = parseTargetsAnnotation(annotation).targets.map(t =>
      t.type === 'http' ? t.url : '',
    );
    expect(urls).toHaveLength(3);
    const used = demoServices.flatMap(d => targetUrls(d));
    expect(used).not.toContain(urls[2]);
    expect(urls[2]).toBe('http://127.0.0.1:9113/-/exceptions');
  });

  it('has a website without Periskop annotations, and owners that exist', () => {
    const website = component('website')!;
    expect(Object.keys(website).filter(k => k.includes('periskop'))).toEqual(
      [],
    );
    const groups = org
      .filter(e => e.kind === 'Group')
      .map(e => e['metadata.name']);
    expect(groups).toEqual(['team-identity', 'team-content', 'team-payments']);
    const owners = entities.map(e => e['spec.owner']).filter(Boolean);
    expect(owners).toHaveLength(entities.length); // the system and every component
    expect(owners.filter(owner => !groups.includes(owner))).toEqual([]);
    // the guest sign-in's default identity is user:development/guest
    const guest = org.find(
      e => e.kind === 'User' && e['metadata.name'] === 'guest',
    )!;
    expect(guest['metadata.namespace']).toBe('development');
    expect(guest['spec.memberOf']).toBe('[group:default/team-identity]');
  });

  it('has one service whose targets annotation is broken on purpose', () => {
    // the catalog module turns it into a processing error (no valid entry)
    const search = component('api-search')!;
    const parsed = parseTargetsAnnotation(
      search[`metadata.${PERISKOP_TARGETS_ANNOTATION}`],
    );
    expect(parsed.targets).toEqual([]);
    expect(parsed.errors).toEqual([
      expect.stringContaining('contains whitespace'),
    ]);
    const broken = entities.filter(e => {
      const annotation = e[`metadata.${PERISKOP_TARGETS_ANNOTATION}`];
      return annotation && parseTargetsAnnotation(annotation).errors.length;
    });
    expect(broken.map(e => e['metadata.name'])).toEqual(['api-search']);
  });

  it('has a batch job that only pushes, owned by the guest team', () => {
    const job = component('nightly-report')!;
    expect(job[`metadata.${PERISKOP_TARGETS_ANNOTATION}`]).toBeUndefined();
    expect(job[`metadata.${PERISKOP_SERVICE_NAME_ANNOTATION}`]).toBe(
      'nightly-report',
    );
    expect(job['spec.owner']).toBe('team-identity');
  });

  it('lists every demo batch job with only its service name, so that it pushes', () => {
    for (const definition of demoJobs) {
      const job = component(definition.name)!;
      expect(job).toBeDefined();
      expect(Object.keys(job).filter(k => k.includes('periskop'))).toEqual([
        `metadata.${PERISKOP_SERVICE_NAME_ANNOTATION}`,
      ]);
      expect(job[`metadata.${PERISKOP_SERVICE_NAME_ANNOTATION}`]).toBe(
        definition.serviceName,
      );
      expect(job['spec.owner']).toBe(definition.owner);
      expect(job['spec.system']).toBe('shop');
      expect(job['metadata.namespace']).toBeUndefined(); // the push URL says default
    }
  });

  it('accepts the demo push token in the example app, for the periskop plugin only', () => {
    const config = fs.readFileSync(
      path.resolve(__dirname, '../../../app-config.yaml'),
      'utf8',
    );
    const entry = /^ {4}externalAccess:\n((?: {6}.*\n)+)/m.exec(config)?.[1];
    expect(entry).toBeDefined();
    expect(entry).toContain('- type: static');
    expect(entry).toContain(`token: ${DEFAULT_PUSH_TOKEN}`);
    expect(entry).toContain('subject: demo-nightly-import');
    expect(entry).toMatch(/accessRestrictions:\n\s+- plugin: periskop\n/);
  });
});
