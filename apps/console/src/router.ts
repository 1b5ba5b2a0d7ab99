import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { whenUnauthorized } from './api';
import { AREAS, homeFor } from './roles';
import { session, type Role } from './session';

const rolesOf = (name: string): Role[] => AREAS.find((a) => a.name === name)?.roles ?? [];
/** GET /api/v1/monitoring/cross-region: drc_monitor, admin. GET /api/v1/evaluations (of the commission's roles): department, admin. */
const MONITORS: Role[] = ['drc_monitor', 'admin'];
const EVALUATION_READERS: Role[] = ['department', 'admin'];

/**
 * Each page is its own chunk, loaded when first visited: a customs officer's browser never
 * downloads the researcher's calendar or the commission's charts. `meta.roles` mirrors the API.
 */
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', redirect: () => (session.claims.value ? homeFor(session.claims.value) : '/sign-in') },
  { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue'), meta: { public: true, title: 'signIn.title' } },
  // Researchers
  { path: '/search', name: 'search', component: () => import('./views/researcher/SearchView.vue'), meta: { public: true, title: 'nav.search' } },
  {
    path: '/instruments/:id',
    name: 'instrument',
    component: () => import('./views/researcher/InstrumentView.vue'),
    props: true,
    meta: { public: true, title: 'nav.search' },
  },
  {
    path: '/bookings',
    name: 'bookings',
    component: () => import('./views/researcher/MyBookingsView.vue'),
    meta: { roles: rolesOf('bookings'), title: 'nav.bookings' },
  },
  // Customs officers
  {
    path: '/customs',
    name: 'customs',
    component: () => import('./views/customs/CustomsApprovalsView.vue'),
    meta: { roles: rolesOf('customs'), title: 'nav.customs' },
  },
  // Unit admins and the commission: their pages live under views/unit and views/commission.
  {
    path: '/unit',
    name: 'unit',
    component: () => import('./views/unit/UnitInstrumentsView.vue'),
    meta: { roles: rolesOf('unit'), title: 'unit.nav.instruments' },
  },
  {
    path: '/unit/import',
    name: 'unit-import',
    component: () => import('./views/unit/UnitImportView.vue'),
    meta: { roles: rolesOf('unit'), title: 'unit.nav.import' },
  },
  {
    path: '/unit/bookings',
    name: 'unit-bookings',
    component: () => import('./views/unit/UnitBookingsView.vue'),
    meta: { roles: rolesOf('unit'), title: 'unit.nav.bookings' },
  },
  {
    path: '/unit/compliance',
    name: 'unit-compliance',
    component: () => import('./views/unit/UnitComplianceView.vue'),
    meta: { roles: rolesOf('unit'), title: 'unit.nav.compliance' },
  },
  {
    path: '/unit/idle-offers',
    name: 'unit-idle-offers',
    component: () => import('./views/unit/UnitIdleOffersView.vue'),
    meta: { roles: rolesOf('unit'), title: 'unit.nav.idle' },
  },
  // The monitoring routes accept drc_monitor and admin; a competent department reads the evaluations only.
  {
    path: '/commission',
    name: 'commission',
    component: () => import('./views/commission/CommissionDashboardView.vue'),
    meta: { roles: rolesOf('commission'), title: 'nav.commission' },
    beforeEnter: () => session.has(...MONITORS) || { name: 'commission-evaluations' },
  },
  {
    path: '/commission/evaluations',
    name: 'commission-evaluations',
    component: () => import('./views/commission/EvaluationsView.vue'),
    meta: { roles: EVALUATION_READERS, title: 'commission.nav.evaluations' },
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { public: true, title: 'app.notFound' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (to.meta.public) return true;
  const claims = session.claims.value;
  if (!claims) return { name: 'sign-in', query: { next: to.fullPath } };
  const roles = (to.meta.roles as Role[] | undefined) ?? [];
  // A page the API would refuse this role is never shown: back to the role's own start.
  if (!claims.roles.some((r) => roles.includes(r))) return homeFor(claims);
  return true;
});

whenUnauthorized(() => {
  session.signOut();
  void router.push({ name: 'sign-in', query: { next: router.currentRoute.value.fullPath, expired: '1' } });
});
