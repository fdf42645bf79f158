// ECharts for the supervision charts, built from echarts/core with only
// the parts govhall draws (bar and line charts on a grid, with tooltip,
// legend and the aria description), so the bundle carries nothing else.
// Colours and type follow styles.css; every series colour also has a
// name in the legend and the tooltip, never colour alone.
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, LegendComponent, AriaComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer])

export { echarts }

/** Fill colours of the lights in charts (the text colours are in LIGHTS). */
export const LIGHT_FILL = { green: '#3a8f3d', yellow: '#e0a526', red: '#c0281f', paused: '#8c919b' }

export const FONT = '"PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif'

/** Options every chart shares: the page's font and dark-enough text. */
export const BASE = {
  textStyle: { fontFamily: FONT, fontSize: 13, color: '#2b2f36' },
  aria: { enabled: true },
  animationDuration: 300
}
