import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import { synthHotline } from './synth.js';

// serve-web in the HTTP API (every page and asset route public, the greedy console route included)
// and in its Lambda bundle (the Vite build beside the handler, without the build's own dot files).

const SERVE_WEB_ROUTES = [
  'GET /',
  'GET /dashboard',
  'GET /console',
  'GET /console/config.json',
  'GET /console/{path+}',
  'GET /assets/{file}',
];

describe('serve-web (infrastructure)', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(synthHotline().service);
  });

  it.each(SERVE_WEB_ROUTES)('routes %s to serve-web without an authorizer', (routeKey) => {
    // Act & Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'NONE',
      Target: Match.anyValue(),
    });
  });

  it('has no serve-dashboard any more: the dashboard is a page of the build', () => {
    // Act
    const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey as string,
    );

    // Assess
    expect(keys).not.toContain('GET /dashboard/echarts.min.js');
    expect(FUNCTIONS.map((f) => f.name)).not.toContain('serve-dashboard');
  });
});

describe('serve-web bundle (real bundling, this function only)', () => {
  let assetDir: string;

  beforeAll(() => {
    // Prepare: bundle serve-web alone, as `npm run synth` would (the web build first, if stale).
    const spec = FUNCTIONS.find((f) => f.name === 'serve-web');
    if (!spec) throw new Error('no serve-web in the catalogue');
    const { app, service } = synthHotline(undefined, [spec], { 'aws:cdk:bundling-stacks': ['**'] });
    const fn = service.functions.get('serve-web');
    const cfn = fn?.node.defaultChild as CfnElement;
    const code = Template.fromStack(service).toJSON().Resources[service.getLogicalId(cfn)].Properties.Code;
    const hash = String(code.S3Key).replace(/\.zip$/, '');
    assetDir = join(app.outdir, `asset.${hash}`);
  }, 180_000);

  it('carries the three pages and the hashed assets beside the handler', () => {
    // Act
    const assets = readdirSync(join(assetDir, 'web', 'assets'));

    // Assess
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    for (const page of ['citizen', 'dashboard', 'console']) {
      expect(readFileSync(join(assetDir, 'web', page, 'index.html'), 'utf8')).toContain(
        '<html lang="zh-CN">',
      );
    }
    const script = assets.find((name) => /^console-[\w-]+\.js$/.test(name));
    expect(script).toBeDefined();
    expect(assets).toContain(`${script}.br`);
    expect(assets).toContain(`${script}.gz`);
  });

  it('leaves the build manifest and the source stamp out of the bundle', () => {
    // Act & Assess
    expect(existsSync(join(assetDir, 'web', '.vite'))).toBe(false);
    expect(existsSync(join(assetDir, 'web', '.source-stamp.json'))).toBe(false);
  });
});
