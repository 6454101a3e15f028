import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './auth.js';
import { apiRoutes } from './routes/index.js';
import { bearer, json, testApp } from './testing.js';

/**
 * Who may call what, as the HTTP spec's roles read (admin may call everything). The table is
 * written out so that a change to any route's roles is a deliberate change here too.
 */
const MAY: Record<string, readonly Role[] | 'public'> = {
  health: 'public',
  ready: 'public',
  whoAmI: ['marketer', 'reviewer', 'operator', 'sales', 'ingest'],
  createToken: [],
  listTokens: [],
  revokeToken: [],
  validateJourney: ['marketer', 'reviewer', 'operator'],
  simulateJourney: ['marketer', 'reviewer', 'operator'],
  createJourney: ['marketer'],
  listJourneys: ['marketer', 'reviewer', 'operator'],
  getJourney: ['marketer', 'reviewer', 'operator'],
  saveJourney: ['marketer'],
  publishJourney: ['marketer'],
  previewPublish: ['marketer'],
  listJourneyMoves: ['marketer', 'reviewer', 'operator'],
  requestPublish: ['marketer'],
  simulatePublishMove: ['marketer'],
  listPublishRequests: ['marketer', 'reviewer', 'operator'],
  reviewPublishRequest: ['marketer', 'reviewer', 'operator'],
  approvePublishRequest: ['reviewer'],
  declinePublishRequest: ['reviewer'],
  getApprovals: ['marketer', 'reviewer', 'operator'],
  setApprovals: [],
  pauseJourney: ['marketer', 'operator'],
  resumeJourney: ['marketer', 'operator'],
  archiveJourney: ['marketer'],
  listJourneyVersions: ['marketer', 'reviewer', 'operator'],
  getJourneyVersion: ['marketer', 'reviewer', 'operator'],
  listComments: ['marketer', 'reviewer', 'operator'],
  startCommentThread: ['marketer', 'reviewer'],
  replyToComment: ['marketer', 'reviewer'],
  resolveCommentThread: ['marketer', 'reviewer'],
  reopenCommentThread: ['marketer', 'reviewer'],
  journeyStats: ['marketer', 'reviewer', 'operator'],
  journeyStatsStream: ['marketer', 'reviewer', 'operator'],
  journeySendCounts: ['marketer', 'operator'],
  journeyReport: ['marketer', 'reviewer', 'operator'],
  putLead: ['ingest'],
  listLeads: ['marketer', 'reviewer', 'operator', 'sales'],
  createSegment: ['marketer'],
  listSegments: ['marketer', 'reviewer', 'operator'],
  getSegment: ['marketer', 'reviewer', 'operator'],
  editSegment: ['marketer'],
  deleteSegment: ['marketer'],
  segmentJourneys: ['marketer', 'reviewer', 'operator'],
  getScoringModel: ['marketer', 'reviewer', 'operator'],
  putScoringModel: ['marketer'],
  scoringStatus: ['marketer', 'reviewer', 'operator'],
  leadScore: ['marketer', 'reviewer', 'operator', 'sales'],
  leadSegments: ['marketer', 'reviewer', 'operator', 'sales'],
  startImport: ['marketer'],
  getImport: ['marketer', 'reviewer', 'operator'],
  getLead: ['marketer', 'reviewer', 'operator', 'sales'],
  leadTimeline: ['marketer', 'reviewer', 'operator', 'sales'],
  removeLeadFromJourney: ['operator'],
  leadsAtNode: ['operator'],
  ingestEvents: ['ingest'],
  listHandoffs: ['sales'],
  listReturningHandoffs: ['sales'],
  acceptHandoff: ['sales'],
  recycleHandoff: ['sales'],
  disqualifyHandoff: ['sales'],
  listQueues: ['operator', 'sales', 'marketer'],
  getQueue: ['operator', 'sales', 'marketer'],
  setQueue: ['operator'],
  listSenders: ['marketer', 'reviewer', 'operator'],
  putSender: ['marketer'],
  getWebhookSecret: [],
  rotateWebhookSecret: [],
  listTemplates: ['marketer', 'reviewer', 'operator'],
  createTemplate: ['marketer'],
  getTemplate: ['marketer', 'reviewer', 'operator'],
  updateTemplate: ['marketer'],
  deleteTemplate: ['marketer'],
  previewTemplate: ['marketer', 'reviewer'],
  listTemplateUses: ['marketer', 'reviewer', 'operator'],
  checkTemplate: ['marketer', 'reviewer'],
  previewDraftTemplate: ['marketer', 'reviewer'],
  listMergeFields: ['marketer', 'reviewer', 'operator'],
  listSnippets: ['marketer', 'reviewer', 'operator'],
  putSnippet: ['marketer'],
  testSendTemplate: ['marketer'],
  listOutbox: ['marketer', 'operator'],
  listTasks: ['sales'],
  completeTask: ['sales'],
  openApi: ['marketer', 'reviewer', 'operator', 'sales'],
};

const app = testApp();
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, 'x');

describe('roles', () => {
  it('every route has the roles of the table, and the table names every route', () => {
    // The API's routes; outside /api only the public links in emails (/t/…) are served.
    const api = apiRoutes.filter((r) => r.path.startsWith('/api/'));
    expect(apiRoutes.filter((r) => !api.includes(r)).map((r) => [r.path, r.roles])).toEqual(
      apiRoutes.filter((r) => !api.includes(r)).map((r) => [r.path, 'public']),
    );
    const actual = Object.fromEntries(api.map((r) => [r.operationId, r.roles === 'public' ? 'public' : r.roles.filter((role) => role !== 'admin').sort()]));
    const expected = Object.fromEntries(Object.entries(MAY).map(([id, roles]) => [id, roles === 'public' ? 'public' : [...roles].sort()]));
    expect(actual).toEqual(expected);
  });

  for (const route of apiRoutes) {
    const allowed = MAY[route.operationId];
    if (allowed === 'public' || allowed === undefined) continue;
    const refused = ROLES.filter((role) => role !== 'admin' && !allowed.includes(role));
    if (refused.length === 0) continue;
    it(`${route.method.toUpperCase()} ${route.path} is 403 for ${refused.join(', ')}`, async () => {
      for (const role of refused) {
        const res = await app.request(concrete(route.path), {
          method: route.method.toUpperCase(),
          headers: { ...bearer(role), 'content-type': 'application/json' },
          ...(route.method === 'get' ? {} : { body: '{}' }),
        });
        expect([role, res.status]).toEqual([role, 403]);
        expect((await json(res)).error.code).toBe('forbidden');
      }
    });
  }

  it('lets every role the table names, and admin, past the role check', async () => {
    for (const route of apiRoutes) {
      const allowed = MAY[route.operationId];
      if (allowed === 'public' || allowed === undefined) continue;
      for (const role of ['admin', ...allowed] as Role[]) {
        const res = await app.request(concrete(route.path), {
          method: route.method.toUpperCase(),
          headers: { ...bearer(role), 'content-type': 'application/json' },
          ...(route.method === 'get' ? {} : { body: '{}' }),
        });
        expect([route.operationId, role, res.status === 403 || res.status === 401]).toEqual([route.operationId, role, false]);
      }
    }
  });

  it('answers 401 without a token on every route but health', async () => {
    for (const route of apiRoutes.filter((r) => r.roles !== 'public')) {
      const res = await app.request(concrete(route.path), { method: route.method.toUpperCase() });
      expect([route.operationId, res.status]).toEqual([route.operationId, 401]);
    }
  });
});
