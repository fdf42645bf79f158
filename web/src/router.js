// Routes of the hall (public), the desks (staff) and administration.
// meta.roles lists who may open a page; anyone else is sent to log in, or
// told the page is not for their role.  When the server stops knowing a
// logged-in account (any call answers 401), a page with meta.roles sends
// the user to log in again and come back; a public page stays, and only
// says so.
import { createRouter, createWebHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { onUnauthorized } from './lib/api.js'
import { session, loadMe, expireSession, EXPIRED_TEXT } from './lib/session.js'

const routes = [
  { path: '/', component: () => import('./pages/HallHome.vue'), meta: { title: '办事指南' } },
  { path: '/items/:code', component: () => import('./pages/ItemGuide.vue'), meta: { title: '办事指南' } },
  { path: '/items/:code/apply', component: () => import('./pages/ApplyPage.vue'), meta: { title: '在线申报', roles: ['applicant'] } },
  { path: '/matters/:code', component: () => import('./pages/MatterGuide.vue'), meta: { title: '一件事一次办' } },
  { path: '/matters/:code/apply', component: () => import('./pages/ApplyPage.vue'), meta: { title: '在线申报', roles: ['applicant'] } },
  { path: '/progress/:code?', component: () => import('./pages/ProgressPage.vue'), meta: { title: '办件进度查询' } },
  { path: '/daily', component: () => import('./pages/DailyPage.vue'), meta: { title: '每日办件公示' } },
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { title: '登录' } },
  { path: '/register', component: () => import('./pages/RegisterPage.vue'), meta: { title: '注册账号' } },
  { path: '/reset-password', component: () => import('./pages/ResetPassword.vue'), meta: { title: '重置密码' } },
  { path: '/my/licences', component: () => import('./pages/MyLicences.vue'), meta: { title: '我的证照', roles: ['applicant'] } },
  { path: '/my', component: () => import('./pages/MyCases.vue'), meta: { title: '我的办件', roles: ['applicant'] } },
  { path: '/my/cases/:id', component: () => import('./pages/CasePage.vue'), meta: { title: '办件详情', roles: ['applicant'] } },
  { path: '/desk', component: () => import('./pages/WindowDesk.vue'), meta: { title: '窗口工作台', roles: ['clerk', 'chief'] } },
  { path: '/desk/walk-in', component: () => import('./pages/WalkIn.vue'), meta: { title: '窗口登记', roles: ['clerk', 'chief'] } },
  { path: '/desk/cases/:id', component: () => import('./pages/CasePage.vue'), meta: { title: '办件办理', roles: ['clerk', 'chief', 'reviewer', 'admin', 'supervisor'] } },
  { path: '/agent', component: () => import('./pages/AgentDesk.vue'), meta: { title: '代办工作台', roles: ['agent'] } },
  { path: '/agent/cases/:id', component: () => import('./pages/CasePage.vue'), meta: { title: '代办办件', roles: ['agent'] } },
  { path: '/review', component: () => import('./pages/ReviewDesk.vue'), meta: { title: '审批工作台', roles: ['reviewer', 'chief'] } },
  { path: '/supervision', component: () => import('./pages/SupervisionPage.vue'), meta: { title: '效能监察', roles: ['admin', 'supervisor'] } },
  { path: '/admin', component: () => import('./pages/AdminPage.vue'), meta: { title: '管理', roles: ['admin', 'supervisor'] } },
  { path: '/messages', component: () => import('./pages/MessagesPage.vue'), meta: { title: '我的消息', roles: ['applicant', 'clerk', 'chief', 'reviewer', 'admin', 'supervisor', 'agent'] } },
  { path: '/stats', component: () => import('./pages/StatsPage.vue'), meta: { title: '统计', roles: ['admin', 'supervisor', 'chief'] } },
  { path: '/:rest(.*)*', component: () => import('./pages/NotFound.vue'), meta: { title: '页面不存在' } }
]

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 })
})

router.beforeEach(async (to) => {
  await loadMe()
  const roles = to.meta.roles
  if (roles && !session.user) return { path: '/login', query: { redirect: to.fullPath } }
  return true
})

onUnauthorized(() => {
  if (!expireSession()) return
  const here = router.currentRoute.value
  if (here.meta.roles) router.replace({ path: '/login', query: { redirect: here.fullPath } })
  else ElMessage.warning(EXPIRED_TEXT)
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '网上办事大厅'
})

export default router
