#!/usr/bin/env node
// 全程代办 (issue 11 §4) in the browser: the window opens a case, assigns
// the demo agent 黄代办 with the applicant's authorisation through the case
// page's 全程代办 panel; the agent logs in, lands on its desk (代办工作台),
// finds exactly that case with its next thing to do, and opens it; the
// timeline names the assignment.  Ends with "N passed, N failed".
import { preflight, startServer, launch, newPage, test, assert, shot, login, run } from './harness.mjs'

const chromium = preflight()

async function api(page, url) {
  return page.evaluate(async (u) => (await fetch(u)).json(), url)
}

await run(async () => {
  const base = await startServer()
  const browser = await launch(chromium)
  const clerk = await newPage(browser, 'clerk')
  const agent = await newPage(browser, 'agent')
  let c = null
  try {
    await test('the window assigns the agent on the case page', async () => {
      await login(clerk, base, 'clerk')
      const lst = await api(clerk, '/api/v1/cases?state=submitted&per_page=20')
      c = lst.data.find(x => x.joint_kind === 'none' && !x.agent)
      assert(c, 'a submitted case to assign')
      await clerk.goto(`${base}/desk/cases/${c.id}`)
      await clerk.locator('[data-test="assign-agent"]').click()
      const dlg = clerk.getByRole('dialog')
      await dlg.waitFor()
      await dlg.locator('[data-test="agent-select"]').click()
      await clerk.getByRole('option', { name: /黄代办/ }).click()
      await dlg.locator('textarea[data-test="agent-auth"], [data-test="agent-auth"] textarea').first().fill('申请人2026年11月23日签署授权委托书,委托代办补正与领证')
      await dlg.locator('[data-test="confirm-agent"]').click()
      await dlg.waitFor({ state: 'hidden' })
      await clerk.locator('[data-test="agent-name"]', { hasText: '黄代办' }).waitFor()
      await clerk.getByText('指派代办员').last().waitFor()
    })

    await test('the agent desk lists exactly the agent\'s cases', async () => {
      await login(agent, base, 'agent')
      assert(new URL(agent.url()).pathname === '/agent', 'the agent lands on its desk: ' + agent.url())
      const row = agent.locator(`[data-test="agent-cases"] a[data-code="${c.query_code}"]`)
      await row.waitFor()
      const mine = await api(agent, '/api/v1/cases?per_page=100')
      assert(mine.total === 1 && mine.data[0].id === c.id, 'the worklist has the one case: ' + mine.total)
      await agent.locator('[data-test="agent-cases"]').getByText('等待窗口受理').first().waitFor()
      await shot(agent, 'agent-desk')
      await row.click()
      await agent.waitForURL(u => u.pathname === `/agent/cases/${c.id}`)
      await agent.locator('[data-test="agent-name"]', { hasText: '黄代办' }).waitFor()
    })
  } finally {
    await browser.close()
  }
})
