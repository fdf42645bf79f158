/*
 * demo_data.c - the static shape of the demo centre (demo_data.h), modelled
 * on 灵川县 as described in shared/seeds/000: 9 乡镇(片区) and 74 村(社区)
 * under the county, 46 stationed departments, 46 windows (14 独立, 20 综合,
 * 1 银行, 11 预约), 131 staff on A/B posts and 471 catalogue items of which
 * 393 are moved into the hall.
 *
 * Regions, departments and windows are constant tables.  The catalogue is
 * a table per department of base items; each base item expands into one
 * item per variant of its group (新办/变更/延续/注销, 设立登记/变更登记/注销
 * 登记 ...), and materials, steps and limits are derived from the base row
 * by fixed rules, so the whole catalogue stays readable and reproducible.
 * Staff and posts are derived from the windows once (pthread_once): every
 * window post gets an A holder and a B backup, the A holder of the first
 * post serving a department without a 首席代表 becomes its chief, and each
 * department then gets its 审批人员 (dept_reviewers).
 *
 * Invariants (checked by tests/unit/test_demo_data.c): the counts above;
 * unique item codes and usernames; every department served by an 独立 or
 * 综合 window; every item valid by item_validate; every step role of an
 * item held by a staff member of its department; GB 32100 and GB 11643
 * check characters correct.
 *
 * Thread-safety: the tables are constant; the derived staff arrays are
 * built once under pthread_once and never written again; demo_items and
 * the generators write only caller memory.  Reentrant.  No I/O.
 */
#include "demo/demo_data.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "util/xalloc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define N_DEPTS 46
#define N_WINDOWS 46
#define N_STAFF 131
#define N_ITEMS 471

/* ---- regions ---- */

/* 桂林市 → 灵川县 → 9 乡镇(片区) → 74 村(社区).  Codes follow GB/T 10114:
 * 450323 is 灵川县, 1xx a 镇 and 2xx a 乡, then 001..199 a 社区 (居委会)
 * and 200..399 a 村 (村委会).  The township codes are plausible, not
 * copied from the official list. */
enum {
	R_CITY, R_COUNTY,
	R_LINGCHUAN, R_DAXU, R_DINGJIANG, R_SANJIE, R_TANXIA, R_QINGSHITAN,
	R_CHAOTIAN, R_HAIYANG, R_LANTIAN
};

static const struct demo_region regions[] = {
	{"450300000000", "桂林市", LV_CITY, -1},
	{"450323000000", "灵川县", LV_COUNTY, R_CITY},
	{"450323100000", "灵川镇", LV_TOWNSHIP, R_COUNTY},
	{"450323101000", "大圩镇", LV_TOWNSHIP, R_COUNTY},
	{"450323102000", "定江镇", LV_TOWNSHIP, R_COUNTY},
	{"450323103000", "三街镇", LV_TOWNSHIP, R_COUNTY},
	{"450323104000", "潭下镇", LV_TOWNSHIP, R_COUNTY},
	{"450323106000", "青狮潭镇", LV_TOWNSHIP, R_COUNTY},
	{"450323200000", "潮田乡", LV_TOWNSHIP, R_COUNTY},
	{"450323201000", "海洋乡", LV_TOWNSHIP, R_COUNTY},
	{"450323203000", "兰田瑶族乡", LV_TOWNSHIP, R_COUNTY},
	/* 灵川镇: 12 */
	{"450323100001", "八里街社区", LV_VILLAGE, R_LINGCHUAN},
	{"450323100002", "灵北社区", LV_VILLAGE, R_LINGCHUAN},
	{"450323100003", "灵西社区", LV_VILLAGE, R_LINGCHUAN},
	{"450323100201", "甘棠江村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100202", "大面村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100203", "迪塘村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100204", "莲塘村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100205", "新村村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100206", "汉塘村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100207", "双潭村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100208", "路西村", LV_VILLAGE, R_LINGCHUAN},
	{"450323100209", "下洲村", LV_VILLAGE, R_LINGCHUAN},
	/* 大圩镇: 10 */
	{"450323101001", "大圩社区", LV_VILLAGE, R_DAXU},
	{"450323101201", "毛洲村", LV_VILLAGE, R_DAXU},
	{"450323101202", "熊村", LV_VILLAGE, R_DAXU},
	{"450323101203", "高桥村", LV_VILLAGE, R_DAXU},
	{"450323101204", "秦岸村", LV_VILLAGE, R_DAXU},
	{"450323101205", "廖家村", LV_VILLAGE, R_DAXU},
	{"450323101206", "上桥村", LV_VILLAGE, R_DAXU},
	{"450323101207", "马山村", LV_VILLAGE, R_DAXU},
	{"450323101208", "东村村", LV_VILLAGE, R_DAXU},
	{"450323101209", "协和村", LV_VILLAGE, R_DAXU},
	/* 定江镇: 9 */
	{"450323102001", "定江社区", LV_VILLAGE, R_DINGJIANG},
	{"450323102201", "路莫村", LV_VILLAGE, R_DINGJIANG},
	{"450323102202", "南圩村", LV_VILLAGE, R_DINGJIANG},
	{"450323102203", "白竹村", LV_VILLAGE, R_DINGJIANG},
	{"450323102204", "三多村", LV_VILLAGE, R_DINGJIANG},
	{"450323102205", "西村村", LV_VILLAGE, R_DINGJIANG},
	{"450323102206", "长岗村", LV_VILLAGE, R_DINGJIANG},
	{"450323102207", "苏村", LV_VILLAGE, R_DINGJIANG},
	{"450323102208", "大岭村", LV_VILLAGE, R_DINGJIANG},
	/* 三街镇: 8 */
	{"450323103001", "三街社区", LV_VILLAGE, R_SANJIE},
	{"450323103201", "溶江村", LV_VILLAGE, R_SANJIE},
	{"450323103202", "龙坪村", LV_VILLAGE, R_SANJIE},
	{"450323103203", "新寨村", LV_VILLAGE, R_SANJIE},
	{"450323103204", "宅山村", LV_VILLAGE, R_SANJIE},
	{"450323103205", "碑头村", LV_VILLAGE, R_SANJIE},
	{"450323103206", "五福村", LV_VILLAGE, R_SANJIE},
	{"450323103207", "杨梅村", LV_VILLAGE, R_SANJIE},
	/* 潭下镇: 8 */
	{"450323104001", "潭下社区", LV_VILLAGE, R_TANXIA},
	{"450323104201", "黄村", LV_VILLAGE, R_TANXIA},
	{"450323104202", "老街村", LV_VILLAGE, R_TANXIA},
	{"450323104203", "合群村", LV_VILLAGE, R_TANXIA},
	{"450323104204", "新民村", LV_VILLAGE, R_TANXIA},
	{"450323104205", "苏家村", LV_VILLAGE, R_TANXIA},
	{"450323104206", "广福村", LV_VILLAGE, R_TANXIA},
	{"450323104207", "赤塘村", LV_VILLAGE, R_TANXIA},
	/* 青狮潭镇: 7 */
	{"450323106001", "青狮潭社区", LV_VILLAGE, R_QINGSHITAN},
	{"450323106201", "江头洲村", LV_VILLAGE, R_QINGSHITAN},
	{"450323106202", "公平村", LV_VILLAGE, R_QINGSHITAN},
	{"450323106203", "东源村", LV_VILLAGE, R_QINGSHITAN},
	{"450323106204", "新桥村", LV_VILLAGE, R_QINGSHITAN},
	{"450323106205", "老寨村", LV_VILLAGE, R_QINGSHITAN},
	{"450323106206", "西岭村", LV_VILLAGE, R_QINGSHITAN},
	/* 潮田乡: 7 */
	{"450323200201", "潮田村", LV_VILLAGE, R_CHAOTIAN},
	{"450323200202", "太平村", LV_VILLAGE, R_CHAOTIAN},
	{"450323200203", "洪岩村", LV_VILLAGE, R_CHAOTIAN},
	{"450323200204", "毛村", LV_VILLAGE, R_CHAOTIAN},
	{"450323200205", "三合村", LV_VILLAGE, R_CHAOTIAN},
	{"450323200206", "福隆村", LV_VILLAGE, R_CHAOTIAN},
	{"450323200207", "岩头村", LV_VILLAGE, R_CHAOTIAN},
	/* 海洋乡: 7 */
	{"450323201201", "海洋村", LV_VILLAGE, R_HAIYANG},
	{"450323201202", "大桐木湾村", LV_VILLAGE, R_HAIYANG},
	{"450323201203", "小平乐村", LV_VILLAGE, R_HAIYANG},
	{"450323201204", "思安头村", LV_VILLAGE, R_HAIYANG},
	{"450323201205", "九头山村", LV_VILLAGE, R_HAIYANG},
	{"450323201206", "塘坊村", LV_VILLAGE, R_HAIYANG},
	{"450323201207", "安太村", LV_VILLAGE, R_HAIYANG},
	/* 兰田瑶族乡: 6 */
	{"450323203201", "兰田村", LV_VILLAGE, R_LANTIAN},
	{"450323203202", "两合村", LV_VILLAGE, R_LANTIAN},
	{"450323203203", "大源村", LV_VILLAGE, R_LANTIAN},
	{"450323203204", "古木村", LV_VILLAGE, R_LANTIAN},
	{"450323203205", "隆山村", LV_VILLAGE, R_LANTIAN},
	{"450323203206", "九联村", LV_VILLAGE, R_LANTIAN},
};

/* ---- departments ---- */

/* Unified social credit codes (GB 32100): 11 机关, 12 事业单位, 13 群团,
 * 91 企业; then 450323; then a 9-char organisation code (GB 11714, its own
 * check character included); then the GB 32100 check character.  The
 * numbers are made up, the check characters are computed. */
enum {
	D_FGJ, D_CZJ, D_SCJG, D_ZRZY, D_ZJJ, D_JTYS, D_WJJ, D_GAJ, D_MZJ,
	D_RSJ, D_SWJ, D_YBJ, D_NYNC, D_SLJ, D_LYJ, D_JYJ, D_WGTL, D_STHJ,
	D_YJGL, D_TYJR, D_CL, D_GJJ, D_BDC, D_QXJ, D_XF, D_YC, D_DAG, D_SFJ,
	D_SGX, D_CGJ, D_GDJ, D_MZZJ, D_RFB, D_DZJ, D_TJJ, D_JJDD, D_XCZX,
	D_SBZX, D_JYZX, D_FGS, D_GZC, D_FYZX, D_ZLS, D_FYBJ, D_JKZX, D_KJJ,
	D_COUNT_
};

static const struct demo_dept depts[N_DEPTS] = {
	{"114503230742408402", "灵川县发展和改革局", "发改局", R_COUNTY},
	{"114503230747323785", "灵川县财政局", "财政局", R_COUNTY},
	{"11450323074413692M", "灵川县市场监督管理局", "市场监管局", R_COUNTY},
	{"11450323074535286T", "灵川县自然资源局", "自然资源局", R_COUNTY},
	{"114503230749965418", "灵川县住房和城乡建设局", "住建局", R_COUNTY},
	{"114503230744912792", "灵川县交通运输局", "交通运输局", R_COUNTY},
	{"11450323074518531D", "灵川县卫生健康局", "卫健局", R_COUNTY},
	{"11450323074921574A", "灵川县公安局", "公安局", R_COUNTY},
	{"11450323074872039L", "灵川县民政局", "民政局", R_COUNTY},
	{"11450323074635922J", "灵川县人力资源和社会保障局", "人社局", R_COUNTY},
	{"11450323074588708H", "国家税务总局灵川县税务局", "税务局", R_COUNTY},
	{"11450323074989421E", "灵川县医疗保障局", "医保局", R_COUNTY},
	{"11450323074250256B", "灵川县农业农村局", "农业农村局", R_COUNTY},
	{"11450323074222343X", "灵川县水利局", "水利局", R_COUNTY},
	{"114503230746233318", "灵川县林业局", "林业局", R_COUNTY},
	{"11450323074189555Y", "灵川县教育局", "教育局", R_COUNTY},
	{"11450323074044663R", "灵川县文化广电体育和旅游局", "文广体旅局", R_COUNTY},
	{"11450323074630312B", "桂林市生态环境局灵川分局", "生态环境分局", R_COUNTY},
	{"114503230743267320", "灵川县应急管理局", "应急管理局", R_COUNTY},
	{"114503230742169712", "灵川县退役军人事务局", "退役军人局", R_COUNTY},
	{"13450323519696868E", "灵川县残疾人联合会", "残联", R_COUNTY},
	{"124503234983214410", "灵川县住房公积金管理中心", "公积金中心", R_COUNTY},
	{"1245032349881019XQ", "灵川县不动产登记中心", "不动产中心", R_COUNTY},
	{"12450323498640493B", "灵川县气象局", "气象局", R_COUNTY},
	{"11450323074435736F", "灵川县消防救援大队", "消防大队", R_COUNTY},
	{"11450323074402707J", "灵川县烟草专卖局", "烟草专卖局", R_COUNTY},
	{"124503234983386061", "灵川县档案馆", "档案馆", R_COUNTY},
	{"114503230744063029", "灵川县司法局", "司法局", R_COUNTY},
	{"11450323074757049P", "灵川县商务和工业信息化局", "商工信局", R_COUNTY},
	{"11450323074948611J", "灵川县城市管理监督局", "城管局", R_COUNTY},
	{"914503237265532298", "广西电网有限责任公司桂林灵川供电局", "供电局", R_COUNTY},
	{"114503230749636437", "灵川县民族宗教事务局", "民宗局", R_COUNTY},
	{"114503230747420312", "灵川县人民防空办公室", "人防办", R_COUNTY},
	{"12450323498323228N", "灵川县地震局", "地震局", R_COUNTY},
	{"114503230746626990", "灵川县统计局", "统计局", R_COUNTY},
	{"1145032307490861XA", "灵川县公安局交通管理大队", "交警大队", R_COUNTY},
	{"11450323074600412R", "灵川县乡村振兴局", "乡村振兴局", R_COUNTY},
	{"12450323498272547K", "灵川县社会保险事业管理中心", "社保中心", R_COUNTY},
	{"12450323498189479Y", "灵川县就业服务中心", "就业中心", R_COUNTY},
	{"12450323498580865H", "灵川县房产管理所", "房管所", R_COUNTY},
	{"12450323498835426Y", "广西壮族自治区灵川县公证处", "公证处", R_COUNTY},
	{"12450323498582123X", "灵川县法律援助中心", "法援中心", R_COUNTY},
	{"91450323780697637F", "灵川县自来水有限责任公司", "自来水公司", R_COUNTY},
	{"12450323498581542C", "灵川县妇幼保健院", "妇幼保健院", R_COUNTY},
	{"12450323498822342H", "灵川县疾病预防控制中心", "疾控中心", R_COUNTY},
	{"11450323074666198D", "灵川县科学技术局", "科技局", R_COUNTY},
};

/* ---- windows ---- */

#define END -1

static const struct demo_window windows[N_WINDOWS] = {
	/* 独立窗口: one department each, the busiest of the hall. */
	{"A01", "市场监管局窗口", DW_SOLE, {D_SCJG, END}},
	{"A02", "不动产登记中心窗口", DW_SOLE, {D_BDC, END}},
	{"A03", "公安局户政窗口", DW_SOLE, {D_GAJ, END}},
	{"A04", "人社局窗口", DW_SOLE, {D_RSJ, END}},
	{"A05", "税务局窗口", DW_SOLE, {D_SWJ, END}},
	{"A06", "医保局窗口", DW_SOLE, {D_YBJ, END}},
	{"A07", "住房公积金窗口", DW_SOLE, {D_GJJ, END}},
	{"A08", "自然资源局窗口", DW_SOLE, {D_ZRZY, END}},
	{"A09", "住建局窗口", DW_SOLE, {D_ZJJ, END}},
	{"A10", "交通运输局窗口", DW_SOLE, {D_JTYS, END}},
	{"A11", "卫健局窗口", DW_SOLE, {D_WJJ, END}},
	{"A12", "民政局窗口", DW_SOLE, {D_MZJ, END}},
	{"A13", "社保中心窗口", DW_SOLE, {D_SBZX, END}},
	{"A14", "交警车驾管窗口", DW_SOLE, {D_JJDD, END}},
	/* 综合窗口: 2 to 6 departments each. */
	{"B01", "综合窗口1号(企业开办)", DW_GENERAL,
	    {D_SCJG, D_SWJ, D_GAJ, D_RSJ, D_YBJ, END}},
	{"B02", "综合窗口2号(工程建设)", DW_GENERAL,
	    {D_FGJ, D_ZRZY, D_ZJJ, D_RFB, D_DZJ, D_XF, END}},
	{"B03", "综合窗口3号(生态水利)", DW_GENERAL,
	    {D_STHJ, D_SLJ, D_LYJ, D_CGJ, END}},
	{"B04", "综合窗口4号(农业农村)", DW_GENERAL,
	    {D_NYNC, D_XCZX, D_QXJ, END}},
	{"B05", "综合窗口5号(社会事务)", DW_GENERAL,
	    {D_TYJR, D_CL, D_MZZJ, END}},
	{"B06", "综合窗口6号(教育文旅)", DW_GENERAL, {D_JYJ, D_WGTL, END}},
	{"B07", "综合窗口7号(安全生产)", DW_GENERAL, {D_YJGL, D_YC, END}},
	{"B08", "综合窗口8号(商务科技)", DW_GENERAL,
	    {D_SGX, D_TJJ, D_KJJ, END}},
	{"B09", "综合窗口9号(法律服务)", DW_GENERAL,
	    {D_SFJ, D_GZC, D_FYZX, END}},
	{"B10", "综合窗口10号(水电报装)", DW_GENERAL, {D_GDJ, D_ZLS, END}},
	{"B11", "综合窗口11号(档案房产)", DW_GENERAL,
	    {D_DAG, D_FGS, D_BDC, END}},
	{"B12", "综合窗口12号(财政投资)", DW_GENERAL, {D_CZJ, D_FGJ, END}},
	{"B13", "综合窗口13号(就业社保)", DW_GENERAL,
	    {D_JYZX, D_RSJ, D_SBZX, END}},
	{"B14", "综合窗口14号(妇幼疾控)", DW_GENERAL,
	    {D_FYBJ, D_JKZX, D_WJJ, END}},
	{"B15", "综合窗口15号(市场准入)", DW_GENERAL,
	    {D_SCJG, D_SGX, D_YC, END}},
	{"B16", "综合窗口16号(交通运输)", DW_GENERAL, {D_JTYS, D_JJDD, END}},
	{"B17", "综合窗口17号(民政优抚)", DW_GENERAL,
	    {D_MZJ, D_TYJR, D_CL, END}},
	{"B18", "综合窗口18号(文化民宗)", DW_GENERAL,
	    {D_WGTL, D_MZZJ, D_TJJ, END}},
	{"B19", "综合窗口19号(不动产交易)", DW_GENERAL,
	    {D_BDC, D_SWJ, D_FGS, D_ZRZY, END}},
	{"B20", "综合窗口20号(涉农审批)", DW_GENERAL,
	    {D_NYNC, D_SLJ, D_LYJ, D_QXJ, END}},
	/* 银行窗口: the one place where fees are paid (一个平台收费). */
	{"C01", "银行收费窗口(非税收入)", DW_BANK, {D_CZJ, END}},
	/* 预约窗口: appointments for the departments with the longest queues. */
	{"D01", "预约窗口1号(市场监管)", DW_APPOINTMENT, {D_SCJG, END}},
	{"D02", "预约窗口2号(不动产)", DW_APPOINTMENT, {D_BDC, END}},
	{"D03", "预约窗口3号(户政)", DW_APPOINTMENT, {D_GAJ, END}},
	{"D04", "预约窗口4号(人社)", DW_APPOINTMENT, {D_RSJ, END}},
	{"D05", "预约窗口5号(税务)", DW_APPOINTMENT, {D_SWJ, END}},
	{"D06", "预约窗口6号(医保)", DW_APPOINTMENT, {D_YBJ, END}},
	{"D07", "预约窗口7号(公积金)", DW_APPOINTMENT, {D_GJJ, END}},
	{"D08", "预约窗口8号(自然资源)", DW_APPOINTMENT, {D_ZRZY, END}},
	{"D09", "预约窗口9号(住建)", DW_APPOINTMENT, {D_ZJJ, END}},
	{"D10", "预约窗口10号(车驾管)", DW_APPOINTMENT, {D_JJDD, END}},
	{"D11", "预约窗口11号(社保)", DW_APPOINTMENT, {D_SBZX, END}},
};

/* Positions per window: the two busiest 独立 windows have two, every other
 * window one.  2 x 48 post holders + 35 reviewers = 131 staff. */
static int window_posts(int w)
{
	return w <= 1 ? 2 : 1;
}

/* 审批人员 per department (window -1).  A department with none has its
 * 审核 steps done by its 首席代表 instead. */
static const unsigned char dept_reviewers[N_DEPTS] = {
	[D_SCJG] = 4, [D_ZRZY] = 2, [D_ZJJ] = 2, [D_BDC] = 2,
	[D_FGJ] = 1, [D_JTYS] = 1, [D_WJJ] = 1, [D_GAJ] = 1, [D_MZJ] = 1,
	[D_RSJ] = 1, [D_SWJ] = 1, [D_YBJ] = 1, [D_NYNC] = 1, [D_SLJ] = 1,
	[D_LYJ] = 1, [D_JYJ] = 1, [D_WGTL] = 1, [D_STHJ] = 1, [D_YJGL] = 1,
	[D_TYJR] = 1, [D_GJJ] = 1, [D_XF] = 1, [D_YC] = 1, [D_SFJ] = 1,
	[D_SGX] = 1, [D_CGJ] = 1, [D_RFB] = 1, [D_JJDD] = 1, [D_SBZX] = 1,
};

/* ---- catalogue ---- */

/* Variant groups: a base item expands into one item per suffix.  The kind
 * of a variant decides its materials, conditions and whether it is 即办. */
enum variant_kind { K_NEW, K_CHANGE, K_RENEW, K_CANCEL, K_REISSUE };

enum {
	G_ONE, G_LIC4, G_LIC3, G_LIC2, G_NEWRENEW, G_REG3, G_REG3C, G_REALTY,
	G_MOTOR, G_DRIVER, G_CARD, G_SCHOOL, G_BIRTH, G_ID, G_TRACTOR,
	G_COUNT_
};

struct variant_group {
	int n;
	const char *suffix[5];
	unsigned char kind[5];
};

static const struct variant_group groups[G_COUNT_] = {
	[G_ONE] = {1, {""}, {K_NEW}},
	[G_LIC4] = {4, {"(新办)", "(变更)", "(延续)", "(注销)"},
	    {K_NEW, K_CHANGE, K_RENEW, K_CANCEL}},
	[G_LIC3] = {3, {"(新办)", "(变更)", "(注销)"},
	    {K_NEW, K_CHANGE, K_CANCEL}},
	[G_LIC2] = {2, {"(新办)", "(变更)"}, {K_NEW, K_CHANGE}},
	[G_NEWRENEW] = {2, {"(新办)", "(延续)"}, {K_NEW, K_RENEW}},
	[G_REG3] = {3, {"设立登记", "变更登记", "注销登记"},
	    {K_NEW, K_CHANGE, K_CANCEL}},
	[G_REG3C] = {3, {"成立登记", "变更登记", "注销登记"},
	    {K_NEW, K_CHANGE, K_CANCEL}},
	[G_REALTY] = {4, {"首次登记", "转移登记", "变更登记", "注销登记"},
	    {K_NEW, K_CHANGE, K_CHANGE, K_CANCEL}},
	[G_MOTOR] = {5, {"注册登记", "转移登记", "变更登记", "抵押登记",
	    "注销登记"}, {K_NEW, K_CHANGE, K_CHANGE, K_NEW, K_CANCEL}},
	[G_DRIVER] = {3, {"(初次申领)", "(期满换证)", "(遗失补证)"},
	    {K_NEW, K_RENEW, K_REISSUE}},
	[G_CARD] = {4, {"(新办)", "(换领)", "(迁移)", "(注销)"},
	    {K_NEW, K_RENEW, K_CHANGE, K_CANCEL}},
	[G_SCHOOL] = {4, {"筹设审批", "正式设立审批", "变更审批", "终止审批"},
	    {K_NEW, K_NEW, K_CHANGE, K_CANCEL}},
	[G_BIRTH] = {3, {"(首次签发)", "(补发)", "(换发)"},
	    {K_NEW, K_REISSUE, K_REISSUE}},
	[G_ID] = {3, {"(首次申领)", "(到期换领)", "(遗失补领)"},
	    {K_NEW, K_RENEW, K_REISSUE}},
	[G_TRACTOR] = {3, {"注册登记", "转移登记", "注销登记"},
	    {K_NEW, K_CHANGE, K_CANCEL}},
};

/* Approved fee standards.  Amounts in fen. */
enum {
	FEE_NONE, FEE_CERT, FEE_REALTY_HOUSE, FEE_REALTY_OTHER, FEE_ID,
	FEE_PASSPORT, FEE_PERMIT, FEE_PLATE, FEE_LICENCE, FEE_NOTARY,
	FEE_COUNT_
};

struct fee_spec {
	const char *name;
	int64_t amount_fen;
	const char *basis;
};

#define BASIS_REALTY "《国家发展改革委 财政部关于不动产登记收费标准等有关" \
	"问题的通知》(发改价格规〔2016〕2559号)"
#define BASIS_POLICE "《国家发展改革委 财政部关于公安部门收费标准等有关" \
	"问题的通知》(发改价格〔2004〕2831号)"
#define BASIS_EXIT "《国家发展改革委 财政部关于降低部分行政事业性收费标准" \
	"的通知》(发改价格规〔2019〕914号)"

static const struct fee_spec fee_specs[FEE_COUNT_][2] = {
	[FEE_CERT] = {{"证照工本费", 1000, "《广西壮族自治区物价局 财政厅关于"
	    "规范证照工本费收费标准的通知》(桂价费〔2013〕47号)"}},
	[FEE_REALTY_HOUSE] = {{"住宅类不动产登记费", 8000, BASIS_REALTY},
	    {"不动产权证书工本费", 1000, BASIS_REALTY}},
	[FEE_REALTY_OTHER] = {{"非住宅类不动产登记费", 55000, BASIS_REALTY},
	    {"不动产权证书工本费", 1000, BASIS_REALTY}},
	[FEE_ID] = {{"居民身份证工本费", 2000, "《国家发展改革委 财政部关于"
	    "第二代居民身份证收费标准等有关问题的通知》(发改价格〔2003〕"
	    "2322号)"}},
	[FEE_PASSPORT] = {{"普通护照工本费", 12000, BASIS_EXIT}},
	[FEE_PERMIT] = {{"往来港澳通行证工本费", 6000, BASIS_EXIT}},
	[FEE_PLATE] = {{"机动车号牌工本费", 10000, BASIS_POLICE},
	    {"机动车行驶证工本费", 1000, BASIS_POLICE}},
	[FEE_LICENCE] = {{"机动车驾驶证工本费", 1000, BASIS_POLICE}},
	[FEE_NOTARY] = {{"公证服务费", 20000, "《广西壮族自治区物价局 司法厅"
	    "关于公证服务收费标准的通知》(桂价费〔2017〕54号)"}},
};

/* Base item flags. */
#define F_INSTANT 1u /* 即办件 */
#define F_OUT 2u     /* still handled at the department, not in the hall */
#define F_TOWN 4u    /* exercised at township level */
#define F_PERSON 8u  /* applicants are natural persons */

/* Shorter type names keep the table rows on a line or two. */
#define LIC IT_LICENSING
#define NLA IT_NON_LICENSING
#define CNF IT_CONFIRMATION
#define BEN IT_BENEFIT
#define PUB IT_PUBLIC_SERVICE

struct base_item {
	const char *name;
	unsigned char group;
	unsigned char type;
	unsigned char legal_days;
	unsigned char flags;
	unsigned char fee;
	const char *result;
	const char *basis;
	const char *materials; /* specific materials, split by "、"; or NULL */
};

/* 发改局 */
static const struct base_item fgj_items[] = {
	{"企业投资项目核准", G_ONE, LIC, 20, 0, 0, "项目核准批复",
	    "《企业投资项目核准和备案管理条例》第六条",
	    "项目申请报告、选址意见书、用地预审意见"},
	{"企业投资项目备案", G_ONE, NLA, 1, F_INSTANT, 0, "项目备案证明",
	    "《企业投资项目核准和备案管理条例》第十三条", "项目基本情况表"},
	{"企业投资项目备案信息变更", G_ONE, NLA, 1, F_INSTANT, 0,
	    "项目备案证明", "《企业投资项目核准和备案管理条例》第十四条",
	    "原项目备案证明"},
	{"政府投资项目建议书审批", G_ONE, NLA, 20, 0, 0, "项目建议书批复",
	    "《政府投资条例》第九条", "项目建议书"},
	{"政府投资项目可行性研究报告审批", G_ONE, NLA, 20, 0, 0,
	    "可行性研究报告批复", "《政府投资条例》第九条",
	    "可行性研究报告、节能审查意见"},
	{"政府投资项目初步设计审批", G_ONE, NLA, 20, F_OUT, 0,
	    "初步设计批复", "《政府投资条例》第十一条",
	    "初步设计文件、投资概算书"},
	{"固定资产投资项目节能审查", G_ONE, NLA, 20, 0, 0, "节能审查意见",
	    "《固定资产投资项目节能审查办法》第三条", "节能报告"},
	{"依法必须招标项目的招标范围、招标方式和招标组织形式核准", G_ONE,
	    LIC, 20, 0, 0, "招标事项核准意见",
	    "《中华人民共和国招标投标法实施条例》第七条", "招标方案"},
};

/* 财政局 */
static const struct base_item czj_items[] = {
	{"代理记账许可", G_LIC3, LIC, 20, 0, 0, "代理记账许可证书",
	    "《中华人民共和国会计法》第三十六条",
	    "专职从业人员会计资格证明、办公场所使用证明、代理记账业务规范"},
	{"政府采购进口产品审核", G_ONE, NLA, 20, 0, 0, "进口产品审核意见",
	    "《政府采购进口产品管理办法》第四条", "专家论证意见"},
	{"采用非公开招标方式采购审批", G_ONE, NLA, 20, 0, 0,
	    "采购方式变更批复", "《中华人民共和国政府采购法》第二十七条",
	    "采购项目预算批复、专家论证意见"},
	{"行政事业单位国有资产处置审批", G_ONE, NLA, 20, F_OUT, 0,
	    "资产处置批复", "《行政事业性国有资产管理条例》第二十九条",
	    "资产价值凭证、资产评估报告"},
	{"非税收入缴款", G_ONE, PUB, 1, F_INSTANT, 0, "非税收入一般缴款书",
	    "《广西壮族自治区非税收入管理条例》第二十条", "缴款通知书"},
};

/* 市场监管局: the largest catalogue of the hall. */
static const struct base_item scjg_items[] = {
	{"食品经营许可", G_LIC4, LIC, 20, 0, 0, "食品经营许可证",
	    "《中华人民共和国食品安全法》第三十五条",
	    "经营场所平面图、食品安全管理制度文本、主要设备设施布局和操作流程"},
	{"食品生产许可", G_LIC4, LIC, 20, 0, 0, "食品生产许可证",
	    "《中华人民共和国食品安全法》第三十五条",
	    "生产场所平面图、生产工艺流程图、食品安全专业技术人员名单"},
	{"食品小作坊登记", G_LIC3, LIC, 10, F_PERSON, 0, "食品小作坊登记证",
	    "《广西壮族自治区食品小作坊小餐饮和食品摊贩管理条例》第八条",
	    "生产加工场所平面图、从业人员健康证明"},
	{"小餐饮经营许可", G_LIC3, LIC, 10, F_PERSON, 0, "小餐饮经营许可证",
	    "《广西壮族自治区食品小作坊小餐饮和食品摊贩管理条例》第十八条",
	    "经营场所平面图、从业人员健康证明"},
	{"个体工商户", G_REG3, LIC, 15, F_PERSON, 0, "营业执照",
	    "《个体工商户条例》第八条", "经营场所使用证明"},
	{"有限责任公司", G_REG3, LIC, 15, 0, 0, "营业执照",
	    "《中华人民共和国公司法》第六条",
	    "公司章程、股东主体资格证明、法定代表人任职文件、住所使用证明"},
	{"个人独资企业", G_REG3, LIC, 15, 0, 0, "营业执照",
	    "《中华人民共和国个人独资企业法》第九条", "投资人身份证明、住所使用证明"},
	{"合伙企业", G_REG3, LIC, 15, 0, 0, "营业执照",
	    "《中华人民共和国合伙企业法》第九条",
	    "合伙协议、全体合伙人身份证明、住所使用证明"},
	{"农民专业合作社", G_REG3, LIC, 15, 0, 0, "营业执照",
	    "《中华人民共和国农民专业合作社法》第十六条",
	    "合作社章程、成员名册、出资清单"},
	{"分公司", G_REG3, LIC, 15, 0, 0, "营业执照",
	    "《中华人民共和国公司法》第十四条",
	    "隶属公司营业执照、分公司负责人任职文件、营业场所使用证明"},
	{"药品经营许可证核发(零售)", G_LIC4, LIC, 30, 0, 0, "药品经营许可证",
	    "《中华人民共和国药品管理法》第五十一条",
	    "执业药师注册证、经营场所平面图、质量管理文件目录"},
	{"第三类医疗器械经营许可", G_LIC3, LIC, 20, 0, 0,
	    "医疗器械经营许可证", "《医疗器械监督管理条例》第四十二条",
	    "质量管理人员资格证明、经营场所和库房平面图、质量管理制度文件"},
	{"特种设备使用登记", G_LIC3, LIC, 15, 0, 0, "特种设备使用登记证",
	    "《中华人民共和国特种设备安全法》第三十三条",
	    "产品合格证、监督检验证明、安装竣工资料"},
	{"计量标准器具核准", G_LIC3, LIC, 20, 0, 0, "计量标准考核证书",
	    "《中华人民共和国计量法》第六条",
	    "计量标准技术报告、检定或校准证书、计量标准履历书"},
	{"广告发布登记", G_LIC3, NLA, 20, 0, 0, "广告发布登记证",
	    "《中华人民共和国广告法》第二十九条",
	    "广告业务机构和人员证明、广告审查制度"},
	{"股权出质", G_REG3, NLA, 3, 0, 0, "股权出质登记通知书",
	    "《中华人民共和国民法典》第四百四十三条", "质权合同"},
	{"动产抵押", G_REG3, NLA, 1, F_INSTANT, 0, "动产抵押登记书",
	    "《中华人民共和国民法典》第四百零三条", "抵押合同、抵押物清单"},
	{"第二类医疗器械经营备案", G_ONE, NLA, 5, F_INSTANT, 0,
	    "第二类医疗器械经营备案凭证", "《医疗器械监督管理条例》第四十一条",
	    "经营场所和库房平面图、质量管理制度文件"},
	{"企业名称自主申报", G_ONE, NLA, 1, F_INSTANT, 0, "企业名称告知书",
	    "《企业名称登记管理规定》第十六条", NULL},
	{"营业执照遗失补领、换发", G_ONE, PUB, 1, F_INSTANT, 0, "营业执照",
	    "《中华人民共和国市场主体登记管理条例实施细则》第六十六条",
	    "营业执照遗失声明"},
	{"食品经营许可证补办", G_ONE, PUB, 1, F_INSTANT, 0, "食品经营许可证",
	    "《食品经营许可和备案管理办法》第三十五条", "许可证遗失声明"},
	{"企业年度报告公示信息修改", G_ONE, PUB, 1, F_INSTANT | F_OUT, 0,
	    "年度报告修改回执", "《企业信息公示暂行条例》第八条", NULL},
};

/* 自然资源局 */
static const struct base_item zrzy_items[] = {
	{"建设项目用地预审与选址意见书核发", G_ONE, LIC, 20, 0, 0,
	    "建设项目用地预审与选址意见书",
	    "《中华人民共和国土地管理法》第五十二条",
	    "建设项目用地预审申请报告、项目建议书批复、拟选址位置图"},
	{"建设用地规划许可证核发", G_ONE, LIC, 20, 0, 0,
	    "建设用地规划许可证", "《中华人民共和国城乡规划法》第三十七条",
	    "国有土地使用权出让合同、建设用地红线图"},
	{"建设工程规划许可证核发", G_LIC2, LIC, 20, 0, 0,
	    "建设工程规划许可证", "《中华人民共和国城乡规划法》第四十条",
	    "建设工程设计方案、建设用地规划许可证、土地权属证明"},
	{"乡村建设规划许可证核发", G_ONE, LIC, 20, 0, 0,
	    "乡村建设规划许可证", "《中华人民共和国城乡规划法》第四十一条",
	    "村民委员会意见、建设工程设计图"},
	{"农村村民宅基地审批", G_ONE, LIC, 20, F_TOWN | F_PERSON, 0,
	    "农村宅基地批准书", "《中华人民共和国土地管理法》第六十二条",
	    "农村宅基地和建房(规划许可)申请表、村民小组会议记录、宅基地使用承诺书"},
	{"临时用地审批", G_ONE, LIC, 20, F_OUT, 0, "临时用地批复",
	    "《中华人民共和国土地管理法》第五十七条",
	    "临时使用土地合同、土地复垦方案"},
	{"国有建设用地使用权划拨批准", G_ONE, LIC, 20, F_OUT, 0,
	    "国有建设用地划拨决定书", "《中华人民共和国土地管理法》第五十四条",
	    "项目批准文件、勘测定界图"},
	{"采矿许可证核发", G_LIC4, LIC, 40, F_OUT, 0, "采矿许可证",
	    "《中华人民共和国矿产资源法》第三条",
	    "矿产资源开发利用方案、矿区范围图、矿山地质环境保护与土地复垦方案"},
	{"建设工程规划条件核实", G_ONE, NLA, 20, 0, 0, "规划条件核实合格证",
	    "《中华人民共和国城乡规划法》第四十五条",
	    "竣工测量报告、建设工程规划许可证"},
	{"地质灾害危险性评估报告备案", G_ONE, NLA, 5, F_INSTANT, 0,
	    "评估报告备案回执", "《地质灾害防治条例》第二十一条",
	    "地质灾害危险性评估报告"},
	{"土地复垦方案审查", G_ONE, NLA, 20, F_OUT, 0, "土地复垦方案审查意见",
	    "《土地复垦条例》第十一条", "土地复垦方案报告书"},
};

/* 住建局 */
static const struct base_item zjj_items[] = {
	{"建筑工程施工许可证核发", G_LIC2, LIC, 15, 0, 0,
	    "建筑工程施工许可证", "《中华人民共和国建筑法》第八条",
	    "建设工程规划许可证、施工合同、安全施工措施资料"},
	{"商品房预售许可", G_LIC2, LIC, 10, 0, 0, "商品房预售许可证",
	    "《中华人民共和国城市房地产管理法》第四十五条",
	    "土地使用权证明、建设工程规划许可证、施工进度和竣工交付日期说明"},
	{"燃气经营许可证核发", G_LIC4, LIC, 20, F_OUT, 0, "燃气经营许可证",
	    "《城镇燃气管理条例》第十五条",
	    "气源证明、燃气设施竣工验收材料、安全管理制度"},
	{"城镇污水排入排水管网许可", G_LIC4, LIC, 20, F_OUT, 0, "排水许可证",
	    "《城镇排水与污水处理条例》第二十一条",
	    "排水户内部排水管网图、水质检测报告"},
	{"特殊建设工程消防设计审查", G_ONE, LIC, 15, 0, 0,
	    "消防设计审查意见书", "《中华人民共和国消防法》第十一条",
	    "消防设计文件、设计单位资质证明"},
	{"特殊建设工程消防验收", G_ONE, LIC, 15, 0, 0, "消防验收意见书",
	    "《中华人民共和国消防法》第十三条", "工程竣工验收报告、消防设施检测报告"},
	{"建设工程消防验收备案", G_ONE, NLA, 5, F_INSTANT, 0,
	    "消防验收备案凭证", "《中华人民共和国消防法》第十三条",
	    "工程竣工验收报告"},
	{"房屋建筑和市政基础设施工程竣工验收备案", G_ONE, NLA, 15, 0, 0,
	    "竣工验收备案证明书", "《建设工程质量管理条例》第四十九条",
	    "工程竣工验收报告、质量保修书"},
	{"公共租赁住房资格审核", G_ONE, BEN, 20, F_PERSON, 0,
	    "公共租赁住房资格确认书", "《公共租赁住房管理办法》第七条",
	    "家庭收入证明、住房情况证明"},
	{"住宅专项维修资金使用审核", G_ONE, NLA, 20, F_OUT, 0,
	    "维修资金使用审核意见", "《住宅专项维修资金管理办法》第二十二条",
	    "维修方案、业主表决结果"},
	{"建筑起重机械使用登记", G_ONE, NLA, 7, 0, 0, "使用登记证明",
	    "《建设工程安全生产管理条例》第三十五条",
	    "检验检测报告、安装验收资料"},
	{"工程建设项目招标投标情况书面报告备案", G_ONE, NLA, 5,
	    F_INSTANT | F_OUT, 0, "备案回执",
	    "《中华人民共和国招标投标法》第四十七条", "招标投标情况书面报告"},
};

/* 交通运输局 */
static const struct base_item jtys_items[] = {
	{"道路货物运输经营许可", G_LIC4, LIC, 20, 0, 0, "道路运输经营许可证",
	    "《中华人民共和国道路运输条例》第二十四条",
	    "车辆情况说明、驾驶人员从业资格证、安全生产管理制度文本"},
	{"道路旅客运输经营许可", G_LIC4, LIC, 20, 0, 0, "道路运输经营许可证",
	    "《中华人民共和国道路运输条例》第十条",
	    "可行性报告、车辆技术等级评定证明、安全生产管理制度文本"},
	{"道路运输证配发", G_LIC3, LIC, 10, 0, 0, "道路运输证",
	    "《中华人民共和国道路运输条例》第二十四条", "机动车行驶证"},
	{"巡游出租汽车经营许可", G_LIC3, LIC, 20, 0, 0,
	    "出租汽车经营许可证", "《巡游出租汽车经营服务管理规定》第八条",
	    "车辆经营权证明、驾驶员证明、经营管理制度"},
	{"机动车维修经营备案", G_ONE, NLA, 5, F_INSTANT, 0, "备案回执",
	    "《中华人民共和国道路运输条例》第四十条",
	    "维修设备设施清单、技术人员资格证明"},
	{"公路超限运输许可", G_ONE, LIC, 15, 0, 0, "超限运输车辆通行证",
	    "《公路安全保护条例》第三十六条", "车辆行驶证、运输方案"},
	{"占用、挖掘公路或者使公路改线审批", G_ONE, LIC, 20, F_OUT, 0,
	    "涉路施工许可决定书", "《中华人民共和国公路法》第四十四条",
	    "施工方案、安全保障措施"},
	{"在公路用地范围内设置非公路标志审批", G_ONE, LIC, 20, F_OUT, 0,
	    "非公路标志设置许可决定书", "《中华人民共和国公路法》第五十四条",
	    "标志设计图、设置位置图"},
	{"公路建设项目施工许可", G_ONE, LIC, 20, F_OUT, 0, "施工许可决定书",
	    "《公路建设市场管理办法》第二十六条",
	    "施工图设计批准文件、施工合同、质量安全监督手续"},
	{"机动车驾驶员培训备案", G_ONE, NLA, 5, F_INSTANT, 0, "备案回执",
	    "《中华人民共和国道路运输条例》第三十八条", "教练车辆和教练员情况"},
	{"更新采伐护路林审批", G_ONE, LIC, 20, F_OUT, 0, "采伐审批意见",
	    "《中华人民共和国公路法》第四十二条", "采伐路段和数量说明"},
};

/* 卫健局 */
static const struct base_item wjj_items[] = {
	{"医疗机构设置审批", G_ONE, LIC, 30, 0, 0, "设置医疗机构批准书",
	    "《医疗机构管理条例》第九条", "设置可行性研究报告、选址报告"},
	{"医疗机构执业登记", G_LIC4, LIC, 45, 0, 0, "医疗机构执业许可证",
	    "《医疗机构管理条例》第十五条",
	    "设置医疗机构批准书、房屋平面布局图、医疗机构规章制度"},
	{"医师执业注册", G_LIC3, LIC, 20, F_PERSON, 0, "医师执业证书",
	    "《中华人民共和国医师法》第十三条", "医师资格证书、健康证明"},
	{"护士执业注册", G_LIC4, LIC, 20, F_PERSON, 0, "护士执业证书",
	    "《护士条例》第八条", "护士执业资格考试成绩合格证明、健康体检证明"},
	{"公共场所卫生许可", G_LIC4, LIC, 20, 0, 0, "公共场所卫生许可证",
	    "《公共场所卫生管理条例》第八条",
	    "卫生检测报告、场所平面图、从业人员健康证明"},
	{"生活饮用水供水单位卫生许可", G_LIC3, LIC, 20, F_OUT, 0, "卫生许可证",
	    "《中华人民共和国传染病防治法》第二十九条", "水质检测报告、供水工艺流程图"},
	{"母婴保健技术服务执业许可", G_ONE, LIC, 20, F_OUT, 0,
	    "母婴保健技术服务执业许可证", "《中华人民共和国母婴保健法》第三十二条",
	    "医疗机构执业许可证、技术人员资格证明"},
	{"乡村医生执业注册", G_LIC3, LIC, 20, F_PERSON, 0,
	    "乡村医生执业证书", "《乡村医生从业管理条例》第九条",
	    "乡村医生资格证明"},
	{"放射诊疗许可", G_ONE, LIC, 20, F_OUT, 0, "放射诊疗许可证",
	    "《放射诊疗管理规定》第十一条", "放射诊疗设备清单、放射防护评价报告"},
	{"农村部分计划生育家庭奖励扶助", G_ONE, BEN, 30, F_PERSON | F_OUT, 0,
	    "奖励扶助确认通知", "《中华人民共和国人口与计划生育法》第二十七条",
	    "户口簿、独生子女父母光荣证"},
	{"生育登记", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0, "生育登记服务单",
	    "《广西壮族自治区人口和计划生育条例》第二十一条", "结婚证"},
};

/* 公安局 */
static const struct base_item gaj_items[] = {
	{"居民身份证", G_ID, CNF, 60, F_PERSON, FEE_ID, "居民身份证",
	    "《中华人民共和国居民身份证法》第八条", "居民户口簿"},
	{"户口迁移审批", G_ONE, CNF, 20, F_PERSON, 0, "准予迁入证明",
	    "《中华人民共和国户口登记条例》第十条", "居民户口簿、迁入地住房证明"},
	{"出生登记", G_ONE, CNF, 1, F_INSTANT | F_PERSON, 0, "居民户口簿",
	    "《中华人民共和国户口登记条例》第七条", "出生医学证明、父母户口簿"},
	{"死亡注销户口", G_ONE, CNF, 1, F_INSTANT | F_PERSON, 0,
	    "注销户口证明", "《中华人民共和国户口登记条例》第八条", "死亡证明"},
	{"居住证核发", G_ONE, PUB, 15, F_PERSON, 0, "居住证",
	    "《居住证暂行条例》第十条", "居住证明、本人近期相片"},
	{"公章刻制备案", G_ONE, NLA, 1, F_INSTANT, 0, "印章备案回执",
	    "《印铸刻字业暂行管理规则》第五条", "营业执照"},
	{"旅馆业特种行业许可证核发", G_LIC3, LIC, 20, 0, 0, "特种行业许可证",
	    "《旅馆业治安管理办法》第四条", "房屋安全证明、消防安全检查合格证明"},
	{"大型群众性活动安全许可", G_ONE, LIC, 7, F_OUT, 0, "安全许可决定书",
	    "《大型群众性活动安全管理条例》第十三条",
	    "活动安全工作方案、场所管理者同意使用证明"},
	{"剧毒化学品购买许可", G_ONE, LIC, 3, F_OUT, 0, "剧毒化学品购买许可证",
	    "《危险化学品安全管理条例》第三十九条", "购买用途说明"},
	{"民用爆炸物品购买许可", G_ONE, LIC, 5, F_OUT, 0,
	    "民用爆炸物品购买许可证", "《民用爆炸物品安全管理条例》第二十一条",
	    "爆破作业单位许可证、购买品种和数量说明"},
	{"普通护照签发", G_ONE, LIC, 15, F_PERSON, FEE_PASSPORT, "普通护照",
	    "《中华人民共和国护照法》第五条", "近期免冠照片"},
	{"往来港澳通行证签发", G_ONE, LIC, 15, F_PERSON, FEE_PERMIT,
	    "往来港澳通行证", "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》第四条",
	    "近期免冠照片"},
	{"无犯罪记录证明开具", G_ONE, PUB, 3, F_PERSON, 0, "无犯罪记录证明",
	    "《公安机关办理犯罪记录查询工作规定》第四条", NULL},
};

/* 民政局 */
static const struct base_item mzj_items[] = {
	{"内地居民结婚登记", G_ONE, CNF, 1, F_INSTANT | F_PERSON, 0, "结婚证",
	    "《婚姻登记条例》第四条", "户口簿、本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明"},
	{"内地居民离婚登记", G_ONE, CNF, 30, F_PERSON, 0, "离婚证",
	    "《中华人民共和国民法典》第一千零七十七条", "户口簿、结婚证、离婚协议书"},
	{"补领婚姻登记证", G_ONE, CNF, 1, F_INSTANT | F_PERSON, 0,
	    "婚姻登记证", "《婚姻登记条例》第十七条", "户口簿"},
	{"最低生活保障审批", G_ONE, BEN, 30, F_PERSON, 0, "最低生活保障证",
	    "《社会救助暂行办法》第十一条", "户口簿、家庭收入和财产状况说明"},
	{"特困人员救助供养审批", G_ONE, BEN, 20, F_PERSON, 0, "特困人员救助供养证",
	    "《社会救助暂行办法》第十五条", "户口簿、劳动能力和生活状况说明"},
	{"临时救助", G_ONE, BEN, 20, F_PERSON, 0, "临时救助审批表",
	    "《社会救助暂行办法》第四十七条", "困难情况说明"},
	{"社会团体", G_REG3C, LIC, 60, 0, 0, "社会团体法人登记证书",
	    "《社会团体登记管理条例》第九条",
	    "业务主管单位批准文件、章程草案、会员名册"},
	{"民办非企业单位", G_REG3C, LIC, 60, 0, 0, "民办非企业单位登记证书",
	    "《民办非企业单位登记管理暂行条例》第八条",
	    "业务主管单位批准文件、章程草案、场所使用权证明"},
	{"养老机构备案", G_ONE, NLA, 5, F_INSTANT, 0, "养老机构备案回执",
	    "《中华人民共和国老年人权益保障法》第四十三条",
	    "服务场所权属证明、消防安全证明"},
	{"公墓建设审批", G_ONE, LIC, 20, F_OUT, 0, "公墓建设批复",
	    "《殡葬管理条例》第八条", "公墓建设规划、用地预审意见"},
	{"地名命名、更名审批", G_ONE, NLA, 20, F_OUT, 0, "地名命名批复",
	    "《地名管理条例》第十条", "命名更名理由说明、位置示意图"},
	{"慈善组织认定", G_ONE, CNF, 20, F_OUT, 0, "慈善组织认定决定书",
	    "《中华人民共和国慈善法》第十条", "章程、财务审计报告"},
	{"高龄津贴", G_ONE, BEN, 20, F_PERSON, 0, "高龄津贴发放通知",
	    "《广西壮族自治区实施〈中华人民共和国老年人权益保障法〉办法》第三十条",
	    "户口簿、银行账户"},
};

/* 人社局 */
static const struct base_item rsj_items[] = {
	{"劳务派遣经营许可", G_LIC4, LIC, 20, 0, 0, "劳务派遣经营许可证",
	    "《中华人民共和国劳动合同法》第五十七条",
	    "营业执照、经营场所使用证明、劳务派遣管理制度"},
	{"人力资源服务许可", G_LIC4, LIC, 20, 0, 0, "人力资源服务许可证",
	    "《人力资源市场暂行条例》第十八条",
	    "专职工作人员资格证明、服务场所使用证明、服务管理制度"},
	{"企业实行不定时工作制和综合计算工时工作制审批", G_ONE, LIC, 20, 0,
	    0, "特殊工时制度批复", "《中华人民共和国劳动法》第三十九条",
	    "工时制度实施方案、职工意见"},
	{"民办职业培训学校", G_SCHOOL, LIC, 30, 0, 0, "民办学校办学许可证",
	    "《中华人民共和国民办教育促进法》第十二条",
	    "学校章程、资产证明、教学场所证明"},
	{"工伤认定", G_ONE, CNF, 60, F_PERSON, 0, "工伤认定决定书",
	    "《工伤保险条例》第二十条", "劳动关系证明、医疗诊断证明"},
	{"劳动能力鉴定", G_ONE, CNF, 60, F_PERSON | F_OUT, 0,
	    "劳动能力鉴定结论书", "《工伤保险条例》第二十五条",
	    "工伤认定决定书、病历资料"},
	{"初级专业技术资格认定", G_ONE, CNF, 30, F_PERSON | F_OUT, 0,
	    "专业技术资格证书", "《职称评审管理暂行规定》第三条",
	    "学历证书、任职年限证明"},
};

/* 税务局: the 办税服务厅 has little room in the hall (seed 000 二.(一)). */
static const struct base_item swj_items[] = {
	{"增值税专用发票最高开票限额审批", G_ONE, LIC, 20, 0, 0,
	    "准予税务行政许可决定书",
	    "《国务院对确需保留的行政审批项目设定行政许可的决定》附件第236项",
	    "生产经营情况说明"},
	{"设立税务登记", G_ONE, NLA, 1, F_INSTANT, 0, "税务登记证明",
	    "《中华人民共和国税收征收管理法》第十五条", "营业执照"},
	{"变更税务登记", G_ONE, NLA, 1, F_INSTANT | F_OUT, 0, "变更登记表",
	    "《中华人民共和国税收征收管理法》第十六条", "变更事项证明"},
	{"注销税务登记", G_ONE, NLA, 20, F_OUT, 0, "清税证明",
	    "《中华人民共和国税收征收管理法》第十六条", "清税申报表"},
	{"对纳税人延期缴纳税款的核准", G_ONE, NLA, 20, F_OUT, 0,
	    "延期缴纳税款核准通知书",
	    "《中华人民共和国税收征收管理法》第三十一条",
	    "货币资金余额情况说明、应付职工工资和社会保险费支出预算"},
	{"对纳税人延期申报的核准", G_ONE, NLA, 20, F_OUT, 0,
	    "延期申报核准通知书", "《中华人民共和国税收征收管理法》第二十七条",
	    "延期申报理由说明"},
	{"对纳税人变更纳税定额的核准", G_ONE, NLA, 20, F_OUT, 0,
	    "定额核准通知书", "《中华人民共和国税收征收管理法实施细则》第四十七条",
	    "经营情况说明"},
	{"发票领用", G_ONE, PUB, 1, F_INSTANT | F_OUT, 0, "发票领用簿",
	    "《中华人民共和国发票管理办法》第十五条", "经办人身份证明"},
	{"代开增值税发票", G_ONE, PUB, 1, F_INSTANT | F_OUT, 0, "增值税发票",
	    "《中华人民共和国发票管理办法》第十六条", "合同或付款凭证"},
	{"开具税收完税证明", G_ONE, PUB, 1, F_INSTANT | F_OUT, 0,
	    "税收完税证明", "《税收票证管理办法》第二十条", NULL},
	{"财务会计制度及核算软件备案", G_ONE, NLA, 1, F_INSTANT | F_OUT, 0,
	    "备案回执", "《中华人民共和国税收征收管理法》第二十条",
	    "财务会计制度文本"},
	{"契税申报", G_ONE, PUB, 1, F_INSTANT, 0, "契税完税凭证",
	    "《中华人民共和国契税法》第九条", "不动产权属转移合同"},
};

/* 医保局 */
static const struct base_item ybj_items[] = {
	{"基本医疗保险参保登记", G_ONE, PUB, 1, F_INSTANT, 0, "参保登记回执",
	    "《中华人民共和国社会保险法》第二十三条", NULL},
	{"医疗费用手工(零星)报销", G_ONE, BEN, 20, F_PERSON, 0,
	    "医疗费用报销结算单", "《中华人民共和国社会保险法》第二十九条",
	    "医疗费用票据、费用明细清单、出院小结"},
	{"异地就医备案", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0, "备案回执",
	    "《中华人民共和国社会保险法》第二十九条", NULL},
	{"门诊慢特病待遇认定", G_ONE, CNF, 20, F_PERSON, 0, "门诊慢特病待遇认定通知",
	    "《医疗保障基金使用监督管理条例》第十五条", "病历资料、检查报告"},
	{"医疗保障定点医药机构确定", G_ONE, NLA, 30, 0, 0, "医保服务协议",
	    "《医疗保障基金使用监督管理条例》第十四条",
	    "医疗机构执业许可证、信息系统建设情况说明"},
	{"生育保险待遇核准", G_ONE, BEN, 20, F_PERSON, 0, "生育保险待遇核准表",
	    "《中华人民共和国社会保险法》第五十四条", "出生医学证明、住院费用票据"},
	{"医疗救助", G_ONE, BEN, 20, F_PERSON, 0, "医疗救助审批表",
	    "《社会救助暂行办法》第二十八条", "医疗费用票据、救助对象证明"},
	{"参保人员信息变更", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0,
	    "变更回执", "《中华人民共和国社会保险法》第五十八条", NULL},
};

/* 农业农村局 */
static const struct base_item nync_items[] = {
	{"农药经营许可", G_LIC4, LIC, 20, 0, 0, "农药经营许可证",
	    "《农药管理条例》第二十四条",
	    "经营场所和仓储场所证明、农药管理人员资格证明、管理制度文本"},
	{"兽药经营许可证核发", G_LIC4, LIC, 30, 0, 0, "兽药经营许可证",
	    "《兽药管理条例》第二十二条", "经营场所证明、质量管理人员证明"},
	{"农作物种子生产经营许可证核发", G_LIC3, LIC, 20, 0, 0,
	    "农作物种子生产经营许可证", "《中华人民共和国种子法》第三十一条",
	    "种子检验设施证明、仓储场所证明"},
	{"动物防疫条件合格证核发", G_LIC3, LIC, 20, 0, 0, "动物防疫条件合格证",
	    "《中华人民共和国动物防疫法》第二十五条",
	    "场所地理位置图、防疫制度、兽医人员证明"},
	{"动物诊疗许可证核发", G_LIC3, LIC, 20, 0, 0, "动物诊疗许可证",
	    "《中华人民共和国动物防疫法》第六十一条",
	    "执业兽医资格证书、诊疗场所平面图、诊疗设备清单"},
	{"生鲜乳收购站许可", G_ONE, LIC, 20, F_OUT, 0, "生鲜乳收购许可证",
	    "《乳品质量安全监督管理条例》第二十条", "场所设施情况说明、检测设备清单"},
	{"拖拉机和联合收割机", G_TRACTOR, LIC, 5, 0, 0, "拖拉机和联合收割机行驶证",
	    "《农业机械安全监督管理条例》第二十一条", "来历证明、出厂合格证明"},
	{"拖拉机和联合收割机驾驶证核发", G_ONE, LIC, 20, F_PERSON, 0,
	    "拖拉机和联合收割机驾驶证", "《农业机械安全监督管理条例》第二十二条",
	    "身体条件证明"},
	{"水产苗种生产许可", G_ONE, LIC, 20, F_OUT, 0, "水产苗种生产许可证",
	    "《中华人民共和国渔业法》第十六条", "生产场所证明、亲本来源证明"},
	{"渔业捕捞许可", G_ONE, LIC, 20, F_PERSON, 0, "渔业捕捞许可证",
	    "《中华人民共和国渔业法》第二十三条", "渔船检验证书"},
	{"水域滩涂养殖证核发", G_ONE, LIC, 20, F_OUT, 0, "水域滩涂养殖证",
	    "《中华人民共和国渔业法》第十一条", "养殖水域位置图"},
};

/* 水利局 */
static const struct base_item slj_items[] = {
	{"取水许可", G_LIC4, LIC, 45, 0, 0, "取水许可证",
	    "《中华人民共和国水法》第四十八条",
	    "建设项目水资源论证报告、取水计量设施说明"},
	{"河道管理范围内建设项目工程建设方案审批", G_ONE, LIC, 20, 0, 0,
	    "工程建设方案审批意见", "《中华人民共和国水法》第三十八条",
	    "防洪影响评价报告、工程位置图"},
	{"生产建设项目水土保持方案审批", G_ONE, LIC, 20, 0, 0,
	    "水土保持方案批复", "《中华人民共和国水土保持法》第二十五条",
	    "水土保持方案报告书"},
	{"河道采砂许可", G_ONE, LIC, 20, F_OUT, 0, "河道采砂许可证",
	    "《中华人民共和国河道管理条例》第二十五条",
	    "采砂作业方式说明、采砂船舶证明"},
	{"洪水影响评价类审批", G_ONE, LIC, 20, F_OUT, 0, "洪水影响评价批复",
	    "《中华人民共和国防洪法》第十七条", "洪水影响评价报告"},
	{"水利基建项目初步设计文件审批", G_ONE, NLA, 20, F_OUT, 0,
	    "初步设计批复", "《政府投资条例》第十一条", "初步设计报告"},
	{"占用农业灌溉水源、灌排工程设施审批", G_ONE, LIC, 20, F_OUT, 0,
	    "占用审批意见", "《国务院对确需保留的行政审批项目设定行政许可的决定》附件第172项",
	    "占用方案、补救措施"},
	{"农村集体经济组织修建水库审批", G_ONE, LIC, 20, F_OUT, 0,
	    "水库修建批复", "《中华人民共和国水法》第二十五条", "水库工程设计文件"},
};

/* 林业局 */
static const struct base_item lyj_items[] = {
	{"林木采伐许可证核发", G_ONE, LIC, 20, 0, 0, "林木采伐许可证",
	    "《中华人民共和国森林法》第五十六条", "林权证明、伐区调查设计"},
	{"林木采伐许可证核发(乡镇受理)", G_ONE, LIC, 20, F_TOWN | F_PERSON,
	    0, "林木采伐许可证", "《中华人民共和国森林法》第五十六条",
	    "林权证明"},
	{"临时使用林地审批", G_ONE, LIC, 20, F_OUT, 0, "使用林地审核同意书",
	    "《中华人民共和国森林法》第三十八条", "使用林地可行性报告、林地现状调查表"},
	{"林草种子生产经营许可证核发", G_LIC3, LIC, 20, 0, 0,
	    "林草种子生产经营许可证", "《中华人民共和国种子法》第三十一条",
	    "种子检验设施证明、仓储场所证明"},
	{"植物检疫证书核发", G_ONE, LIC, 20, F_INSTANT, 0, "植物检疫证书",
	    "《植物检疫条例》第十条", "产地检疫合格证"},
	{"森林防火期内野外用火审批", G_ONE, LIC, 5, F_TOWN, 0, "野外用火许可",
	    "《森林防火条例》第二十五条", "用火方案"},
	{"修筑直接为林业生产服务的工程设施占用林地审批", G_ONE, LIC, 20,
	    F_OUT, 0, "占用林地批复", "《中华人民共和国森林法》第五十二条",
	    "工程设施设计图"},
};

/* 教育局 */
static const struct base_item jyj_items[] = {
	{"民办学校", G_SCHOOL, LIC, 60, 0, 0, "民办学校办学许可证",
	    "《中华人民共和国民办教育促进法》第十二条",
	    "学校章程、资产证明、校舍证明、拟聘教师名单"},
	{"民办幼儿园设立审批", G_ONE, LIC, 30, 0, 0, "办园许可证",
	    "《幼儿园管理条例》第十一条", "园舍安全证明、卫生保健合格证明"},
	{"教师资格认定", G_ONE, CNF, 30, F_PERSON, 0, "教师资格证书",
	    "《教师资格条例》第十五条", "学历证书、体检合格证明、普通话水平测试等级证书"},
	{"校车使用许可", G_ONE, LIC, 20, 0, 0, "校车标牌",
	    "《校车安全管理条例》第十四条", "机动车行驶证、校车驾驶人资格证明"},
	{"义务教育阶段学生转学", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0,
	    "转学联系单", "《中华人民共和国义务教育法》第十二条", NULL},
	{"适龄儿童、少年延缓入学或休学审批", G_ONE, NLA, 20, F_PERSON, 0,
	    "延缓入学批复", "《中华人民共和国义务教育法》第十一条", "医疗机构证明"},
};

/* 文广体旅局 */
static const struct base_item wgtl_items[] = {
	{"娱乐场所经营许可", G_LIC3, LIC, 20, 0, 0, "娱乐经营许可证",
	    "《娱乐场所管理条例》第九条", "场所平面示意图、消防安全检查合格证明"},
	{"互联网上网服务营业场所经营许可", G_LIC3, LIC, 20, 0, 0,
	    "网络文化经营许可证", "《互联网上网服务营业场所管理条例》第十条",
	    "营业场所使用证明、安全管理制度"},
	{"营业性演出审批", G_ONE, LIC, 3, 0, 0, "营业性演出准予许可决定书",
	    "《营业性演出管理条例》第十三条", "演出节目内容、演员名单"},
	{"文艺表演团体设立审批", G_LIC3, LIC, 20, 0, 0, "营业性演出许可证",
	    "《营业性演出管理条例》第七条", "演员资格证明"},
	{"出版物零售单位设立审批", G_LIC3, LIC, 20, 0, 0, "出版物经营许可证",
	    "《出版管理条例》第三十七条", "经营场所使用证明"},
	{"高危险性体育项目经营许可", G_LIC3, LIC, 30, F_OUT, 0,
	    "高危险性体育项目经营许可证", "《全民健身条例》第三十二条",
	    "社会体育指导人员和救助人员资格证明、安全保障制度"},
	{"卫星电视广播地面接收设施安装许可", G_ONE, LIC, 20, F_OUT, 0,
	    "安装许可证", "《卫星电视广播地面接收设施管理规定》第四条",
	    "技术人员名单"},
	{"文物保护单位建设控制地带内建设工程设计方案审核", G_ONE, LIC, 20,
	    F_OUT, 0, "设计方案审核意见", "《中华人民共和国文物保护法》第十八条",
	    "建设工程设计方案"},
	{"旅行社分社设立备案", G_ONE, NLA, 3, F_INSTANT, 0, "备案登记证明",
	    "《旅行社条例》第十条", "分社营业执照、分社经理任职文件"},
};

/* 生态环境分局 */
static const struct base_item sthj_items[] = {
	{"建设项目环境影响报告书审批", G_ONE, LIC, 60, F_OUT, 0,
	    "环境影响报告书批复", "《中华人民共和国环境影响评价法》第二十二条",
	    "环境影响报告书、公众参与说明"},
	{"建设项目环境影响报告表审批", G_ONE, LIC, 30, 0, 0,
	    "环境影响报告表批复", "《中华人民共和国环境影响评价法》第二十二条",
	    "环境影响报告表"},
	{"建设项目环境影响登记表备案", G_ONE, NLA, 1, F_INSTANT, 0, "备案回执",
	    "《中华人民共和国环境影响评价法》第二十二条", "环境影响登记表"},
	{"排污许可", G_LIC4, LIC, 20, 0, 0, "排污许可证",
	    "《排污许可管理条例》第十条", "自行监测方案、污染防治设施说明"},
	{"防治污染设施拆除或闲置审批", G_ONE, LIC, 20, F_OUT, 0,
	    "拆除闲置审批意见", "《中华人民共和国水污染防治法》第二十一条",
	    "拆除或闲置理由说明"},
	{"夜间施工作业证明", G_ONE, NLA, 3, 0, 0, "夜间施工证明",
	    "《中华人民共和国噪声污染防治法》第四十三条", "施工计划、降噪措施"},
};

/* 应急管理局 */
static const struct base_item yjgl_items[] = {
	{"危险化学品经营许可", G_LIC4, LIC, 30, 0, 0, "危险化学品经营许可证",
	    "《危险化学品安全管理条例》第三十三条",
	    "经营场所证明、安全管理制度、从业人员培训合格证明"},
	{"烟花爆竹经营(零售)许可", G_LIC4, LIC, 20, 0, 0,
	    "烟花爆竹经营(零售)许可证", "《烟花爆竹安全管理条例》第十九条",
	    "零售场所平面图、安全管理人员培训证明"},
	{"第三类非药品类易制毒化学品经营备案", G_ONE, NLA, 3, F_INSTANT, 0,
	    "备案证明", "《易制毒化学品管理条例》第十三条", "经营品种和数量说明"},
	{"生产经营单位生产安全事故应急预案备案", G_ONE, NLA, 3, F_INSTANT, 0,
	    "备案登记表", "《生产安全事故应急条例》第七条", "应急预案文本、评审意见"},
	{"建设项目安全设施设计审查", G_ONE, LIC, 20, F_OUT, 0,
	    "安全设施设计审查意见书", "《中华人民共和国安全生产法》第三十二条",
	    "安全设施设计"},
};

/* 退役军人局 */
static const struct base_item tyjr_items[] = {
	{"退役士兵自主就业一次性经济补助金给付", G_ONE, BEN, 20, F_PERSON, 0,
	    "一次性经济补助金发放通知", "《退役士兵安置条例》第十九条",
	    "退出现役证"},
	{"在乡复员军人定期生活补助", G_ONE, BEN, 20, F_PERSON, 0,
	    "定期生活补助通知", "《军人抚恤优待条例》第三十八条", "复员证明"},
	{"残疾等级评定", G_ONE, CNF, 60, F_PERSON | F_OUT, 0, "残疾军人证",
	    "《军人抚恤优待条例》第二十二条", "致残经过证明、医疗诊断证明"},
	{"退役军人优待证申领", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0,
	    "退役军人优待证", "《中华人民共和国退役军人保障法》第六十二条",
	    "退出现役证"},
	{"伤残抚恤关系转移", G_ONE, PUB, 15, F_PERSON, 0, "抚恤关系转移证明",
	    "《伤残抚恤管理办法》第二十一条", "残疾军人证"},
};

/* 残联 */
static const struct base_item cl_items[] = {
	{"残疾人证", G_CARD, CNF, 20, F_PERSON, 0, "中华人民共和国残疾人证",
	    "《中华人民共和国残疾人保障法》第二条", "残疾评定表、近期免冠照片"},
	{"困难残疾人生活补贴和重度残疾人护理补贴", G_ONE, BEN, 20, F_PERSON,
	    0, "补贴审核表", "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》",
	    "残疾人证、家庭经济状况说明"},
	{"残疾人辅助器具适配补贴", G_ONE, BEN, 20, F_PERSON, 0,
	    "适配补贴审批表", "《残疾人就业条例》第十五条", "残疾人证、适配评估意见"},
};

/* 住房公积金中心 */
static const struct base_item gjj_items[] = {
	{"住房公积金单位缴存登记", G_ONE, PUB, 1, F_INSTANT, 0, "缴存登记回执",
	    "《住房公积金管理条例》第十四条", "营业执照"},
	{"住房公积金提取", G_ONE, PUB, 3, F_PERSON, 0, "提取审批表",
	    "《住房公积金管理条例》第二十四条", "购房合同或租房证明"},
	{"住房公积金个人住房贷款", G_ONE, PUB, 15, F_PERSON, 0, "贷款审批表",
	    "《住房公积金管理条例》第二十六条", "购房合同、收入证明、婚姻状况证明"},
	{"住房公积金缴存基数调整", G_ONE, PUB, 1, F_INSTANT, 0, "调整回执",
	    "《住房公积金管理条例》第十六条", "职工工资表"},
	{"住房公积金转移接续", G_ONE, PUB, 5, F_INSTANT | F_PERSON, 0,
	    "转移接续回执", "《住房公积金管理条例》第十四条", NULL},
	{"单位降低缴存比例或缓缴住房公积金审批", G_ONE, NLA, 20, 0, 0,
	    "降比缓缴批复", "《住房公积金管理条例》第二十条",
	    "职工代表大会或工会讨论意见、财务报表"},
};

/* 不动产登记中心 */
static const struct base_item bdc_items[] = {
	{"国有建设用地使用权", G_REALTY, CNF, 30, 0, FEE_REALTY_OTHER,
	    "不动产权证书", "《不动产登记暂行条例》第二十条",
	    "土地权属来源材料、不动产权籍调查成果、完税凭证"},
	{"国有建设用地使用权及房屋所有权", G_REALTY, CNF, 30, F_PERSON,
	    FEE_REALTY_HOUSE, "不动产权证书", "《不动产登记暂行条例》第二十条",
	    "房屋买卖合同、不动产权籍调查成果、完税凭证"},
	{"宅基地使用权及房屋所有权", G_REALTY, CNF, 30, F_PERSON,
	    FEE_REALTY_HOUSE, "不动产权证书", "《不动产登记暂行条例》第二十条",
	    "宅基地批准文件、房屋竣工材料、不动产权籍调查成果"},
	{"抵押权", G_REALTY, CNF, 30, 0, FEE_REALTY_OTHER, "不动产登记证明",
	    "《中华人民共和国民法典》第四百零二条", "主债权合同、抵押合同"},
	{"林权", G_REALTY, CNF, 30, F_PERSON, 0, "不动产权证书",
	    "《中华人民共和国森林法》第十五条", "林权权属来源材料、林地界址图"},
	{"预购商品房预告登记", G_ONE, CNF, 10, F_PERSON, 0, "不动产登记证明",
	    "《中华人民共和国民法典》第二百二十一条", "商品房预售合同"},
	{"更正登记", G_ONE, CNF, 30, 0, 0, "不动产权证书",
	    "《不动产登记暂行条例实施细则》第七十九条", "登记错误证明材料"},
	{"异议登记", G_ONE, CNF, 1, F_INSTANT, 0, "不动产登记证明",
	    "《中华人民共和国民法典》第二百二十条", "利害关系证明材料"},
	{"查封登记", G_ONE, CNF, 1, F_INSTANT, 0, "查封登记结果",
	    "《不动产登记暂行条例实施细则》第九十条", "协助执行通知书、生效法律文书"},
	{"不动产登记资料查询", G_ONE, PUB, 1, F_INSTANT, 0, "查询结果证明",
	    "《不动产登记资料查询暂行办法》第三条", NULL},
	{"不动产权证书换发、补发", G_ONE, CNF, 10, F_PERSON, FEE_CERT,
	    "不动产权证书", "《不动产登记暂行条例实施细则》第二十二条",
	    "遗失声明或损坏证书"},
};

/* 气象局 */
static const struct base_item qxj_items[] = {
	{"防雷装置设计审核", G_ONE, LIC, 20, 0, 0, "防雷装置设计核准意见书",
	    "《气象灾害防御条例》第二十四条", "防雷装置设计说明书和图纸"},
	{"防雷装置竣工验收", G_ONE, LIC, 10, 0, 0, "防雷装置验收意见书",
	    "《气象灾害防御条例》第二十四条", "防雷装置检测报告"},
	{"升放无人驾驶自由气球或者系留气球活动审批", G_ONE, LIC, 5, F_OUT, 0,
	    "升放气球活动许可", "《通用航空飞行管制条例》第三十四条",
	    "升放方案、安全措施"},
	{"新建、扩建、改建建设工程避免危害气象探测环境审批", G_ONE, LIC, 20,
	    F_OUT, 0, "审批意见", "《中华人民共和国气象法》第二十一条",
	    "建设工程位置图"},
};

/* 消防救援大队 */
static const struct base_item xf_items[] = {
	{"公众聚集场所投入使用、营业前消防安全检查", G_ONE, LIC, 10, 0, 0,
	    "消防安全检查合格证", "《中华人民共和国消防法》第十五条",
	    "场所平面布置图、消防安全制度、消防设施检测报告"},
	{"公众聚集场所投入使用、营业前消防安全检查(告知承诺)", G_ONE, LIC,
	    10, F_INSTANT, 0, "消防安全检查合格证",
	    "《中华人民共和国消防法》第十五条", "消防安全告知承诺书"},
};

/* 烟草专卖局 */
static const struct base_item yc_items[] = {
	{"烟草专卖零售许可证核发", G_LIC4, LIC, 20, F_PERSON, 0,
	    "烟草专卖零售许可证", "《中华人民共和国烟草专卖法》第十六条",
	    "经营场所使用证明"},
	{"烟草专卖零售许可证歇业、恢复营业", G_ONE, LIC, 5, F_INSTANT | F_PERSON,
	    0, "烟草专卖零售许可证", "《中华人民共和国烟草专卖法实施条例》第十一条",
	    NULL},
};

/* 档案馆 */
static const struct base_item dag_items[] = {
	{"档案查阅利用", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0, "档案证明",
	    "《中华人民共和国档案法》第二十七条", NULL},
	{"婚姻登记档案查询", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0,
	    "婚姻登记记录证明", "《婚姻登记档案管理办法》第十六条", NULL},
	{"建设工程竣工档案验收", G_ONE, NLA, 10, 0, 0, "档案验收意见书",
	    "《城市建设档案管理规定》第八条", "工程竣工档案"},
};

/* 司法局 */
static const struct base_item sfj_items[] = {
	{"基层法律服务工作者执业核准", G_ONE, LIC, 20, F_PERSON, 0,
	    "基层法律服务工作者执业证", "《基层法律服务工作者管理办法》第十三条",
	    "法律职业资格证明、基层法律服务所同意接收证明"},
	{"基层法律服务所设立核准", G_ONE, LIC, 20, 0, 0,
	    "基层法律服务所执业证", "《基层法律服务所管理办法》第九条",
	    "章程、执业场所证明"},
	{"律师事务所设立审核(初审)", G_ONE, NLA, 20, F_OUT, 0, "初审意见",
	    "《中华人民共和国律师法》第十八条", "律师事务所章程、合伙协议"},
	{"人民调解申请", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0, "调解受理通知",
	    "《中华人民共和国人民调解法》第十七条", "纠纷情况说明"},
};

/* 商务和工业信息化局 */
static const struct base_item sgx_items[] = {
	{"对外贸易经营者备案登记", G_LIC2, NLA, 5, F_INSTANT, 0,
	    "对外贸易经营者备案登记表", "《中华人民共和国对外贸易法》第九条",
	    NULL},
	{"再生资源回收经营者备案", G_ONE, NLA, 5, F_INSTANT, 0, "备案回执",
	    "《再生资源回收管理办法》第七条", "经营场所证明"},
	{"单用途商业预付卡发卡企业备案", G_ONE, NLA, 5, F_INSTANT, 0,
	    "备案回执", "《单用途商业预付卡管理办法(试行)》第七条",
	    "资金管理制度"},
	{"企业投资技术改造项目备案", G_ONE, NLA, 5, F_INSTANT, 0,
	    "技术改造项目备案证明", "《企业投资项目核准和备案管理条例》第十三条",
	    "项目基本情况说明"},
	{"二手车交易市场经营者备案", G_ONE, NLA, 5, F_INSTANT, 0, "备案回执",
	    "《二手车流通管理办法》第十五条", "经营场所证明"},
	{"电力设施保护区内施工作业许可", G_ONE, LIC, 20, 0, 0,
	    "施工作业许可决定书", "《电力设施保护条例》第十七条",
	    "施工方案、安全措施"},
	{"石油天然气管道保护范围内特定施工作业许可", G_ONE, LIC, 20, F_OUT, 0,
	    "施工作业许可决定书", "《中华人民共和国石油天然气管道保护法》第三十五条",
	    "施工方案、管道企业意见"},
};

/* 城管局 */
static const struct base_item cgj_items[] = {
	{"城市建筑垃圾处置核准", G_ONE, LIC, 20, 0, 0, "建筑垃圾处置核准书",
	    "《城市市容和环境卫生管理条例》第十七条",
	    "建筑垃圾处置方案、运输车辆证明"},
	{"设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批",
	    G_ONE, LIC, 20, 0, 0, "户外广告设置许可",
	    "《城市市容和环境卫生管理条例》第十一条", "设置位置效果图、场地使用证明"},
	{"占用、挖掘城市道路审批", G_ONE, LIC, 20, 0, 0, "占道挖掘许可证",
	    "《城市道路管理条例》第三十条", "施工方案、交通组织方案"},
	{"砍伐、迁移城市树木审批", G_ONE, LIC, 20, 0, 0, "树木砍伐迁移许可",
	    "《城市绿化条例》第二十条", "树木位置图、补植方案"},
	{"从事城市生活垃圾经营性清扫、收集、运输、处理服务审批", G_ONE, LIC,
	    20, F_OUT, 0, "服务许可证",
	    "《国务院对确需保留的行政审批项目设定行政许可的决定》附件第101项",
	    "车辆设备清单、管理制度"},
	{"依附于城市道路建设各种管线、杆线等设施审批", G_ONE, LIC, 20, 0, 0,
	    "管线设施审批意见", "《城市道路管理条例》第二十九条", "管线设计图"},
	{"关闭、闲置、拆除城市环境卫生设施审批", G_ONE, LIC, 20, F_OUT, 0,
	    "审批意见", "《城市市容和环境卫生管理条例》第二十二条", "替代设施方案"},
	{"临时占用城市绿地审批", G_ONE, LIC, 20, 0, 0, "临时占用绿地许可",
	    "《城市绿化条例》第十九条", "占用范围图、恢复方案"},
};

/* 供电局 */
static const struct base_item gdj_items[] = {
	{"低压居民用电报装", G_ONE, PUB, 5, F_PERSON, 0, "供用电合同",
	    "《供电营业规则》第十八条", "房屋产权证明"},
	{"低压非居民用电报装", G_ONE, PUB, 10, 0, 0, "供用电合同",
	    "《供电营业规则》第十八条", "用电设备清单、房屋产权证明"},
	{"高压用电报装", G_ONE, PUB, 30, F_OUT, 0, "供电方案答复单",
	    "《供电营业规则》第十九条", "用电负荷说明、项目批准文件"},
	{"用电过户", G_ONE, PUB, 1, F_INSTANT, 0, "过户确认单",
	    "《供电营业规则》第二十九条", "房屋产权变更证明"},
};

/* 民宗局 */
static const struct base_item mzzj_items[] = {
	{"宗教活动场所筹备设立审批(初审)", G_ONE, NLA, 30, 0, 0, "初审意见",
	    "《宗教事务条例》第二十一条", "拟设立场所的基本情况说明、信教公民意见"},
	{"宗教活动场所", G_REG3, CNF, 30, 0, 0, "宗教活动场所登记证",
	    "《宗教事务条例》第二十二条", "场所管理组织成员名单、管理制度"},
	{"宗教临时活动地点审批", G_ONE, LIC, 20, 0, 0, "临时活动地点批复",
	    "《宗教事务条例》第三十五条", "地点使用证明"},
	{"宗教团体成立、变更、注销前审批", G_ONE, NLA, 30, F_OUT, 0,
	    "审批意见", "《宗教事务条例》第八条", "章程草案"},
};

/* 人防办 */
static const struct base_item rfb_items[] = {
	{"应建防空地下室的民用建筑项目报建审批", G_ONE, LIC, 20, 0, 0,
	    "人防工程报建批复", "《中华人民共和国人民防空法》第二十二条",
	    "人防工程设计文件、建设工程规划许可证"},
	{"人民防空工程竣工验收备案", G_ONE, NLA, 5, F_INSTANT, 0, "备案回执",
	    "《中华人民共和国人民防空法》第二十二条", "竣工验收报告"},
	{"拆除人民防空工程审批", G_ONE, LIC, 20, F_OUT, 0, "拆除审批意见",
	    "《中华人民共和国人民防空法》第二十八条", "补建方案"},
};

/* 地震局 */
static const struct base_item dzj_items[] = {
	{"建设工程抗震设防要求确定", G_ONE, LIC, 20, 0, 0, "抗震设防要求确定书",
	    "《中华人民共和国防震减灾法》第三十五条", "工程位置图"},
	{"新建、扩建、改建建设工程避免对地震监测设施和地震观测环境造成危害审批",
	    G_ONE, LIC, 20, 0, 0, "审批意见",
	    "《中华人民共和国防震减灾法》第二十四条", "工程位置图、避让措施"},
};

/* 统计局 */
static const struct base_item tjj_items[] = {
	{"部门统计调查项目审批", G_ONE, NLA, 20, F_OUT, 0, "统计调查项目批复",
	    "《中华人民共和国统计法》第十二条", "调查方案、调查表式"},
	{"统计资料提供", G_ONE, PUB, 1, F_INSTANT, 0, "统计资料",
	    "《中华人民共和国统计法》第二十六条", NULL},
};

/* 交警大队 */
static const struct base_item jjdd_items[] = {
	{"机动车", G_MOTOR, LIC, 5, F_PERSON, FEE_PLATE, "机动车登记证书",
	    "《中华人民共和国道路交通安全法》第八条",
	    "机动车来历证明、整车出厂合格证明、交强险凭证"},
	{"机动车驾驶证", G_DRIVER, LIC, 20, F_PERSON, FEE_LICENCE,
	    "机动车驾驶证", "《中华人民共和国道路交通安全法》第十九条",
	    "身体条件证明"},
	{"机动车检验合格标志核发", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0,
	    "检验合格标志", "《中华人民共和国道路交通安全法》第十三条",
	    "机动车安全技术检验报告、交强险凭证"},
	{"校车驾驶资格许可", G_ONE, LIC, 5, F_PERSON, 0, "校车驾驶资格",
	    "《校车安全管理条例》第二十三条", "机动车驾驶证、无犯罪记录证明"},
	{"机动车临时通行牌证核发", G_ONE, LIC, 1, F_INSTANT | F_PERSON, 0,
	    "临时行驶车号牌", "《中华人民共和国道路交通安全法》第八条",
	    "机动车来历证明"},
	{"道路交通事故认定复核", G_ONE, CNF, 30, F_PERSON | F_OUT, 0,
	    "复核结论", "《道路交通事故处理程序规定》第七十一条", "道路交通事故认定书"},
};

/* 乡村振兴局 */
static const struct base_item xczx_items[] = {
	{"雨露计划职业教育补助", G_ONE, BEN, 20, F_PERSON, 0, "补助发放通知",
	    "《广西壮族自治区雨露计划实施办法》", "学籍证明"},
	{"脱贫人口小额信贷贴息", G_ONE, BEN, 20, F_PERSON, 0, "贴息审批表",
	    "《关于进一步规范和完善扶贫小额信贷管理的通知》", "贷款合同、还息凭证"},
	{"防返贫监测对象认定", G_ONE, CNF, 20, F_PERSON | F_TOWN, 0,
	    "监测对象认定表", "《关于建立防止返贫监测和帮扶机制的指导意见》",
	    "家庭收入情况说明"},
};

/* 社保中心 */
static const struct base_item sbzx_items[] = {
	{"企业职工基本养老保险参保登记", G_ONE, PUB, 1, F_INSTANT, 0,
	    "参保登记回执", "《中华人民共和国社会保险法》第五十七条", "营业执照"},
	{"城乡居民基本养老保险参保登记", G_ONE, PUB, 1, F_INSTANT | F_PERSON,
	    0, "参保登记回执", "《中华人民共和国社会保险法》第二十条", "户口簿"},
	{"企业职工基本养老保险待遇申领", G_ONE, BEN, 20, F_PERSON, 0,
	    "养老保险待遇核定表", "《中华人民共和国社会保险法》第十六条",
	    "退休审批表、银行账户"},
	{"城乡居民基本养老保险待遇申领", G_ONE, BEN, 20, F_PERSON, 0,
	    "养老保险待遇核定表", "《中华人民共和国社会保险法》第二十一条", "户口簿"},
	{"基本养老保险关系转移接续", G_ONE, PUB, 15, F_PERSON, 0,
	    "参保缴费凭证", "《中华人民共和国社会保险法》第十九条", "参保缴费凭证"},
	{"工伤保险待遇核定", G_ONE, BEN, 20, F_PERSON, 0, "工伤保险待遇核定表",
	    "《工伤保险条例》第三十条", "工伤认定决定书、劳动能力鉴定结论书"},
	{"社会保险个人权益记录查询打印", G_ONE, PUB, 1, F_INSTANT | F_PERSON,
	    0, "个人权益记录单", "《社会保险个人权益记录管理办法》第十五条", NULL},
	{"个人账户一次性待遇申领", G_ONE, BEN, 20, F_PERSON, 0, "待遇核定表",
	    "《中华人民共和国社会保险法》第十四条", "死亡证明、继承关系证明"},
	{"丧葬补助金、抚恤金申领", G_ONE, BEN, 20, F_PERSON, 0, "待遇核定表",
	    "《中华人民共和国社会保险法》第十七条", "死亡证明、供养直系亲属证明"},
};

/* 就业中心 */
static const struct base_item jyzx_items[] = {
	{"就业创业证申领", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0, "就业创业证",
	    "《就业服务与就业管理规定》第六十一条", NULL},
	{"失业保险金申领", G_ONE, BEN, 10, F_PERSON, 0, "失业保险金核定表",
	    "《失业保险条例》第十六条", "终止或解除劳动合同证明"},
	{"创业担保贷款申请", G_ONE, PUB, 20, F_PERSON, 0, "贷款审核意见",
	    "《中华人民共和国就业促进法》第三十四条", "营业执照、创业计划书"},
	{"灵活就业人员社会保险补贴", G_ONE, BEN, 20, F_PERSON, 0, "补贴审核表",
	    "《中华人民共和国就业促进法》第五十二条", "社会保险缴费凭证"},
	{"职业技能提升补贴", G_ONE, BEN, 20, F_PERSON, 0, "补贴审核表",
	    "《失业保险条例》第十七条", "职业资格证书"},
	{"高校毕业生就业见习补贴", G_ONE, BEN, 20, 0, 0, "补贴审核表",
	    "《中华人民共和国就业促进法》第五十条", "见习协议、见习人员名单"},
};

/* 房管所 */
static const struct base_item fgs_items[] = {
	{"商品房买卖合同网签备案", G_ONE, NLA, 1, F_INSTANT, 0, "合同备案证明",
	    "《中华人民共和国城市房地产管理法》第四十五条", "商品房买卖合同"},
	{"房屋租赁登记备案", G_ONE, NLA, 3, F_INSTANT, 0, "租赁登记备案证明",
	    "《商品房屋租赁管理办法》第十四条", "房屋租赁合同、房屋权属证明"},
	{"存量房交易资金监管", G_ONE, PUB, 3, 0, 0, "资金监管协议",
	    "《中华人民共和国城市房地产管理法》第四十五条", "存量房买卖合同"},
	{"前期物业服务合同备案", G_ONE, NLA, 5, F_INSTANT, 0, "备案回执",
	    "《物业管理条例》第二十一条", "前期物业服务合同"},
	{"房地产经纪机构备案", G_ONE, NLA, 5, F_INSTANT, 0, "备案证明",
	    "《房地产经纪管理办法》第十一条", "经纪人员职业资格证明"},
};

/* 公证处 */
static const struct base_item gzc_items[] = {
	{"出生公证", G_ONE, PUB, 15, F_PERSON, FEE_NOTARY, "公证书",
	    "《中华人民共和国公证法》第十一条", "出生医学证明"},
	{"亲属关系公证", G_ONE, PUB, 15, F_PERSON, FEE_NOTARY, "公证书",
	    "《中华人民共和国公证法》第十一条", "户口簿、亲属关系证明"},
	{"学历公证", G_ONE, PUB, 15, F_PERSON, FEE_NOTARY, "公证书",
	    "《中华人民共和国公证法》第十一条", "学历证书"},
	{"委托公证", G_ONE, PUB, 15, F_PERSON, FEE_NOTARY, "公证书",
	    "《中华人民共和国公证法》第十一条", "委托书、财产权利证明"},
	{"继承公证", G_ONE, PUB, 15, F_PERSON, FEE_NOTARY, "公证书",
	    "《中华人民共和国公证法》第十一条", "死亡证明、继承人亲属关系证明、遗产权利证明"},
	{"合同公证", G_ONE, PUB, 15, 0, FEE_NOTARY, "公证书",
	    "《中华人民共和国公证法》第十一条", "合同文本"},
	{"无犯罪记录公证", G_ONE, PUB, 15, F_PERSON, FEE_NOTARY, "公证书",
	    "《中华人民共和国公证法》第十一条", "无犯罪记录证明"},
};

/* 法律援助中心 */
static const struct base_item fyzx_items[] = {
	{"法律援助申请", G_ONE, PUB, 7, F_PERSON, 0, "给予法律援助决定书",
	    "《中华人民共和国法律援助法》第四十三条",
	    "经济困难状况说明表、案件相关材料"},
	{"法律援助咨询", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0, "咨询登记表",
	    "《中华人民共和国法律援助法》第二十二条", NULL},
};

/* 自来水公司 */
static const struct base_item zls_items[] = {
	{"居民生活用水报装", G_ONE, PUB, 10, F_PERSON, 0, "供用水合同",
	    "《城市供水条例》第二十三条", "房屋产权证明"},
	{"非居民用水报装", G_ONE, PUB, 15, 0, 0, "供用水合同",
	    "《城市供水条例》第二十三条", "用水量说明、房屋产权证明"},
	{"用水过户", G_ONE, PUB, 1, F_INSTANT, 0, "过户确认单",
	    "《城市供水条例》第二十四条", "房屋产权变更证明"},
	{"水表迁移", G_ONE, PUB, 5, 0, 0, "施工确认单",
	    "《城市供水条例》第二十九条", "迁移位置示意图"},
};

/* 妇幼保健院 */
static const struct base_item fybj_items[] = {
	{"出生医学证明", G_BIRTH, PUB, 5, F_PERSON, 0, "出生医学证明",
	    "《中华人民共和国母婴保健法》第二十三条", "父母身份证明、分娩记录"},
	{"婚前医学检查证明", G_ONE, PUB, 3, F_INSTANT | F_PERSON, 0,
	    "婚前医学检查证明", "《中华人民共和国母婴保健法》第十二条", NULL},
};

/* 疾控中心 */
static const struct base_item jkzx_items[] = {
	{"预防接种证补办", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0,
	    "预防接种证", "《中华人民共和国疫苗管理法》第四十七条", "接种记录"},
	{"从业人员预防性健康检查", G_ONE, PUB, 3, F_PERSON, 0, "健康证明",
	    "《中华人民共和国食品安全法》第四十五条", "近期免冠照片"},
	{"入托入学预防接种证查验", G_ONE, PUB, 1, F_INSTANT | F_PERSON, 0,
	    "查验证明", "《中华人民共和国疫苗管理法》第四十八条", "预防接种证"},
};

/* 科技局 */
static const struct base_item kjj_items[] = {
	{"科技成果登记", G_ONE, CNF, 5, F_INSTANT, 0, "科技成果登记证书",
	    "《科技成果登记办法》第八条", "成果评价证明"},
	{"技术合同认定登记", G_ONE, CNF, 5, F_INSTANT, 0, "技术合同登记证明",
	    "《技术合同认定登记管理办法》第九条", "技术合同文本"},
	{"高新技术企业认定推荐", G_ONE, NLA, 20, F_OUT, 0, "推荐意见",
	    "《高新技术企业认定管理办法》第十条", "知识产权证明、研发费用专项审计报告"},
};

struct dept_catalogue {
	const char *abbr; /* the department part of item codes */
	const struct base_item *items;
	size_t n;
};

#define CAT(abbr, t) {abbr, t, ARRAY_LEN(t)}

static const struct dept_catalogue catalogue[N_DEPTS] = {
	[D_FGJ] = CAT("FGJ", fgj_items),
	[D_CZJ] = CAT("CZJ", czj_items),
	[D_SCJG] = CAT("SCJG", scjg_items),
	[D_ZRZY] = CAT("ZRZY", zrzy_items),
	[D_ZJJ] = CAT("ZJJ", zjj_items),
	[D_JTYS] = CAT("JTYS", jtys_items),
	[D_WJJ] = CAT("WJJ", wjj_items),
	[D_GAJ] = CAT("GAJ", gaj_items),
	[D_MZJ] = CAT("MZJ", mzj_items),
	[D_RSJ] = CAT("RSJ", rsj_items),
	[D_SWJ] = CAT("SWJ", swj_items),
	[D_YBJ] = CAT("YBJ", ybj_items),
	[D_NYNC] = CAT("NYNC", nync_items),
	[D_SLJ] = CAT("SLJ", slj_items),
	[D_LYJ] = CAT("LYJ", lyj_items),
	[D_JYJ] = CAT("JYJ", jyj_items),
	[D_WGTL] = CAT("WGTL", wgtl_items),
	[D_STHJ] = CAT("STHJ", sthj_items),
	[D_YJGL] = CAT("YJGL", yjgl_items),
	[D_TYJR] = CAT("TYJR", tyjr_items),
	[D_CL] = CAT("CJRLH", cl_items),
	[D_GJJ] = CAT("GJJ", gjj_items),
	[D_BDC] = CAT("BDC", bdc_items),
	[D_QXJ] = CAT("QXJ", qxj_items),
	[D_XF] = CAT("XFJY", xf_items),
	[D_YC] = CAT("YCZM", yc_items),
	[D_DAG] = CAT("DAG", dag_items),
	[D_SFJ] = CAT("SFJ", sfj_items),
	[D_SGX] = CAT("SGXJ", sgx_items),
	[D_CGJ] = CAT("CGJ", cgj_items),
	[D_GDJ] = CAT("GDJ", gdj_items),
	[D_MZZJ] = CAT("MZZJ", mzzj_items),
	[D_RFB] = CAT("RFB", rfb_items),
	[D_DZJ] = CAT("DZJ", dzj_items),
	[D_TJJ] = CAT("TJJ", tjj_items),
	[D_JJDD] = CAT("JJDD", jjdd_items),
	[D_XCZX] = CAT("XCZX", xczx_items),
	[D_SBZX] = CAT("SBZX", sbzx_items),
	[D_JYZX] = CAT("JYZX", jyzx_items),
	[D_FGS] = CAT("FGS", fgs_items),
	[D_GZC] = CAT("GZC", gzc_items),
	[D_FYZX] = CAT("FYZX", fyzx_items),
	[D_ZLS] = CAT("ZLS", zls_items),
	[D_FYBJ] = CAT("FYBJ", fybj_items),
	[D_JKZX] = CAT("JKZX", jkzx_items),
	[D_KJJ] = CAT("KJJ", kjj_items),
};

#define COMPLAINT_CHANNEL "灵川县政务服务中心效能投诉电话 0773-6812345"

/* ---- deterministic generators ---- */

/* A 32-bit integer hash (a "lowbias32" finaliser): neighbouring seeds give
 * unrelated values, the same seed always the same value. */
static uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= UINT32_C(0x7feb352d);
	x ^= x >> 15;
	x *= UINT32_C(0x846ca68b);
	x ^= x >> 16;
	return x;
}

/* Common surnames, the frequent ones listed more than once so that they
 * come up more often; 韦 覃 莫 蒙 are common in 广西. */
static const char *const surnames[] = {
	"李", "王", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
	"李", "王", "张", "刘", "陈", "杨", "黄", "唐", "蒋", "秦",
	"徐", "孙", "朱", "马", "胡", "郭", "林", "何", "高", "梁",
	"郑", "罗", "谢", "韩", "邓", "冯", "曾", "彭", "潘", "廖",
	"韦", "覃", "莫", "蒙", "陆", "文", "阳", "龙", "卢", "石",
	"苏", "叶", "蔡", "钟", "龚", "汤", "伍", "全", "邹", "毛",
};

static const char *const given_chars[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
	"刚", "桂", "英", "华", "玉", "兰", "红", "梅", "琳", "建",
	"国", "文", "志", "海", "春", "晓", "燕", "斌", "宇", "浩",
	"凯", "鹏", "俊", "鑫", "婷", "雪", "慧", "颖", "佳", "欣",
	"宁", "思", "雨", "博", "涵", "嘉", "瑞", "晨", "凤", "云",
	"莲", "金", "德", "荣", "昌", "福", "贵", "祥", "永", "秋",
};

void demo_person_name(uint32_t seed, char *out, size_t cap)
{
	uint32_t h = mix32(seed ^ UINT32_C(0x9e3779b9));
	const char *s = surnames[h % ARRAY_LEN(surnames)];
	const char *g1 = given_chars[(h >> 8) % ARRAY_LEN(given_chars)];
	const char *g2 = given_chars[(h >> 16) % ARRAY_LEN(given_chars)];

	if (cap == 0)
		return;
	/* About a quarter of the names have a one-character given name. */
	if (((h >> 28) & 3) == 0 || strcmp(g1, g2) == 0)
		g2 = "";
	snprintf(out, cap, "%s%s%s", s, g1, g2);
}

static const char *const company_words[] = {
	"福顺", "永盛", "桂达", "兴旺", "恒通", "鑫源", "华泰", "金桂",
	"瑞丰", "宏远", "鸿运", "昌隆", "甘棠", "德信", "聚源", "顺达",
	"嘉禾", "天成", "万和", "润丰", "民安", "家和", "新宇", "青山",
	"漓水", "锦程", "丰源", "广信", "泰和", "诚远",
};

static const char *const company_trades[] = {
	"商贸", "建材", "农业开发", "食品", "物流", "旅游开发", "电子科技",
	"建筑工程", "餐饮管理", "汽车服务", "果业", "生态农业", "养殖",
	"广告传媒", "装饰工程", "医药", "茶业", "砂石",
};

void demo_company_name(uint32_t seed, char *out, size_t cap)
{
	uint32_t h = mix32(seed ^ UINT32_C(0x85ebca6b));
	const char *w = company_words[h % ARRAY_LEN(company_words)];
	const char *t = company_trades[(h >> 8) % ARRAY_LEN(company_trades)];
	const char *form = ((h >> 20) % 5 == 0) ? "有限责任公司" : "有限公司";

	if (cap == 0)
		return;
	snprintf(out, cap, "灵川县%s%s%s", w, t, form);
}

/* GB 11643 check character of the first 17 digits. */
static char id_check_char(const char *d17)
{
	static const int weights[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	static const char map[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (d17[i] - '0') * weights[i];
	return map[sum % 11];
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

void demo_id_number(uint32_t seed, char *out, size_t cap)
{
	uint32_t h = mix32(seed ^ UINT32_C(0xc2b2ae35));
	uint32_t h2 = mix32(h);
	int year = 1950 + (int)(h % 56);      /* 1950 .. 2005 */
	int month = 1 + (int)((h >> 8) % 12);
	int day = 1 + (int)((h >> 16) % (uint32_t)days_in_month(year, month));
	int seq = (int)(h2 % 1000);
	char buf[32];

	if (cap == 0)
		return;
	snprintf(buf, sizeof(buf), "450323%04d%02d%02d%03d", year, month, day,
	    seq);
	buf[17] = id_check_char(buf);
	buf[18] = '\0';
	snprintf(out, cap, "%s", buf);
}

void demo_phone(uint32_t seed, char *out, size_t cap)
{
	static const char *const prefixes[] = {
		"139", "138", "137", "136", "135", "150", "151", "152", "158",
		"159", "187", "188", "130", "131", "132", "155", "156", "186",
		"133", "153", "180", "189", "177", "173", "199", "178",
	};
	uint32_t h = mix32(seed ^ UINT32_C(0x27d4eb2f));
	uint32_t h2 = mix32(h);

	if (cap == 0)
		return;
	snprintf(out, cap, "%s%04u%04u", prefixes[h % ARRAY_LEN(prefixes)],
	    (unsigned)((h >> 8) % 10000), (unsigned)(h2 % 10000));
}

/* ---- staff and posts, derived once ---- */

#define MAX_POSTS 64

static struct {
	struct demo_staff staff[N_STAFF];
	char username[N_STAFF][24];
	char name[N_STAFF][16];
	char phone[N_STAFF][16];
	size_t n_staff;
	struct demo_post posts[MAX_POSTS];
	size_t n_posts;
	bool has_chief[N_DEPTS];
	int overflow; /* staff that did not fit: a table bug, caught by tests */
} built;

static pthread_once_t built_once = PTHREAD_ONCE_INIT;

static int window_ndepts(const struct demo_window *w)
{
	int n = 0;

	while (n < (int)ARRAY_LEN(w->depts) && w->depts[n] >= 0)
		n++;
	return n;
}

/* The first department of window w that still needs a chief: one without
 * reviewers first (its chief must also do the 审核 steps), then, if any is
 * true, one with reviewers. */
static int chief_candidate(const struct demo_window *w, bool any)
{
	int nd = window_ndepts(w);

	for (int i = 0; i < nd; i++)
		if (!built.has_chief[w->depts[i]] &&
		    dept_reviewers[w->depts[i]] == 0)
			return w->depts[i];
	for (int i = 0; any && i < nd; i++)
		if (!built.has_chief[w->depts[i]])
			return w->depts[i];
	return -1;
}

static int add_staff(int role, int dept, int window, char post)
{
	size_t i = built.n_staff;
	struct demo_staff *s;
	uint32_t seed;

	if (i >= N_STAFF) {
		built.overflow++;
		return -1;
	}
	built.n_staff++;
	snprintf(built.username[i], sizeof(built.username[i]), "s%03zu", i + 1);
	/* Distinct names: skip seeds whose name an earlier staff has. */
	for (seed = UINT32_C(0x5eed0000) + (uint32_t)i * 7;; seed++) {
		bool used = false;

		demo_person_name(seed, built.name[i], sizeof(built.name[i]));
		for (size_t j = 0; j < i && !used; j++)
			used = strcmp(built.name[j], built.name[i]) == 0;
		if (!used)
			break;
	}
	demo_phone(UINT32_C(0x7e1e0000) + (uint32_t)i, built.phone[i],
	    sizeof(built.phone[i]));
	s = &built.staff[i];
	s->username = built.username[i];
	s->name = built.name[i];
	s->role = role;
	s->dept = dept;
	s->window = window;
	s->post = post;
	s->phone = built.phone[i];
	return (int)i;
}

static void build(void)
{
	for (int w = 0; w < N_WINDOWS; w++) {
		const struct demo_window *win = &windows[w];
		int nd = window_ndepts(win);

		for (int p = 0; p < window_posts(w); p++) {
			struct demo_post *post;
			int d = chief_candidate(win, true);
			int a, b;

			if (d >= 0) {
				built.has_chief[d] = true;
				a = add_staff(ROLE_CHIEF, d, w, 'A');
			} else {
				a = add_staff(ROLE_CLERK,
				    win->depts[(2 * p) % nd], w, 'A');
			}
			/* A B post may hold a chief only for a department
			 * that would otherwise have nobody to review. */
			d = chief_candidate(win, false);
			if (d >= 0) {
				built.has_chief[d] = true;
				b = add_staff(ROLE_CHIEF, d, w, 'B');
			} else {
				b = add_staff(ROLE_CLERK,
				    win->depts[(2 * p + 1) % nd], w, 'B');
			}
			if (built.n_posts >= MAX_POSTS) {
				built.overflow++;
				continue;
			}
			post = &built.posts[built.n_posts++];
			post->window = w;
			post->a_staff = a;
			post->b_staff = b;
		}
	}
	for (int d = 0; d < N_DEPTS; d++)
		for (int k = 0; k < dept_reviewers[d]; k++)
			add_staff(ROLE_REVIEWER, d, -1, 0);
}

static void ensure_built(void)
{
	pthread_once(&built_once, build);
}

/* ---- public tables ---- */

const struct demo_region *demo_regions(size_t *n)
{
	*n = ARRAY_LEN(regions);
	return regions;
}

const struct demo_dept *demo_depts(size_t *n)
{
	*n = ARRAY_LEN(depts);
	return depts;
}

const struct demo_window *demo_windows(size_t *n)
{
	*n = ARRAY_LEN(windows);
	return windows;
}

const struct demo_staff *demo_staff(size_t *n)
{
	ensure_built();
	*n = built.n_staff;
	return built.staff;
}

const struct demo_post *demo_posts(size_t *n)
{
	ensure_built();
	*n = built.n_posts;
	return built.posts;
}

int demo_dept_index(const char *short_name)
{
	if (!short_name)
		return -1;
	for (int i = 0; i < N_DEPTS; i++)
		if (strcmp(depts[i].short_name, short_name) == 0 ||
		    strcmp(depts[i].name, short_name) == 0)
			return i;
	return -1;
}

int demo_window_index(const char *no)
{
	if (!no)
		return -1;
	for (int i = 0; i < N_WINDOWS; i++)
		if (strcmp(windows[i].no, no) == 0)
			return i;
	return -1;
}

/* ---- items ---- */

#define MAX_MATERIALS 8

static void add_material(struct item *it, const char *name, bool main_,
    bool required, int form, int copies, const char *template_name,
    const char *note)
{
	struct item_material *m;

	if (it->n_materials >= MAX_MATERIALS)
		return;
	for (size_t i = 0; i < it->n_materials; i++)
		if (strcmp(it->materials[i].name, name) == 0)
			return;
	m = &it->materials[it->n_materials++];
	m->name = xstrdup(name);
	m->main = main_;
	m->required = required;
	m->form = form;
	m->copies = copies;
	m->template_name = xstrdup(template_name);
	m->note = xstrdup(note);
}

/* Adds the materials of the base's "、"-separated list, at most max. */
static void add_specific_materials(struct item *it, const char *list,
    int max)
{
	const char *sep = "、";
	size_t seplen = strlen(sep);
	char name[256];

	while (list && *list && max-- > 0) {
		const char *end = strstr(list, sep);
		size_t len = end ? (size_t)(end - list) : strlen(list);
		int form = MF_ORIGINAL;
		int copies = 1;

		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, list, len);
		name[len] = '\0';
		if (strstr(name, "证") && !strstr(name, "证明"))
			form = MF_BOTH;
		else if (strstr(name, "图"))
			copies = 2;
		add_material(it, name, true, true, form, copies, "", "");
		list = end ? end + seplen : list + len;
	}
}

/* The name of the item's application form: the base name cut before any
 * "(", or base + suffix when the suffix is a word such as 设立登记. */
static void form_name(const struct base_item *b, const char *suffix,
    char *out, size_t cap)
{
	const char *paren = strchr(b->name, '(');
	size_t len = paren ? (size_t)(paren - b->name) : strlen(b->name);
	size_t blen = strlen(b->name);
	const char *tail;

	if (suffix[0] != '\0' && suffix[0] != '(') {
		snprintf(out, cap, "%s%s申请书", b->name, suffix);
		return;
	}
	tail = (len == blen && blen >= strlen("申请") &&
	    strcmp(b->name + blen - strlen("申请"), "申请") == 0) ? "表" :
	    "申请表";
	snprintf(out, cap, "%.*s%s", (int)len, b->name, tail);
}

/* Copies the text between the first 《 and 》 of basis, brackets included;
 * "相关法律法规" when there is none. */
static void law_name(const char *basis, char *out, size_t cap)
{
	const char *open = strstr(basis, "《");
	const char *close = open ? strstr(open, "》") : NULL;

	if (!close) {
		snprintf(out, cap, "相关法律法规");
		return;
	}
	snprintf(out, cap, "%.*s", (int)(close + strlen("》") - open), open);
}

static void add_step(struct item *it, const char *name, int role, int days)
{
	struct item_step *s = &it->steps[it->n_steps++];

	s->name = xstrdup(name);
	s->role = role;
	s->limit_days = days;
}

/* Fills it from base b, variant v of its group; seq numbers the item within
 * its department. */
static void make_item(struct item *it, int dept, const struct base_item *b,
    int v, int seq)
{
	const struct variant_group *g = &groups[b->group];
	const char *suffix = g->suffix[v];
	int kind = g->kind[v];
	bool person = (b->flags & F_PERSON) != 0;
	int review_role = dept_reviewers[dept] ? ROLE_REVIEWER : ROLE_CHIEF;
	int approve_role = built.has_chief[dept] ? ROLE_CHIEF : ROLE_REVIEWER;
	uint32_t h;
	char buf[512], law[160], form[256];

	memset(it, 0, sizeof(*it));
	snprintf(buf, sizeof(buf), "450323-%s-%04d", catalogue[dept].abbr, seq);
	it->code = xstrdup(buf);
	h = mix32((uint32_t)(dept * 1000 + seq));
	snprintf(buf, sizeof(buf), "%s%s", b->name, suffix);
	it->name = xstrdup(buf);
	it->type = b->type;
	it->dept_code = xstrdup(depts[dept].code);
	it->level = (b->flags & F_TOWN) ? LV_TOWNSHIP : LV_COUNTY;
	it->basis = xstrdup(b->basis);

	law_name(b->basis, law, sizeof(law));
	switch (kind) {
	case K_CHANGE:
		snprintf(buf, sizeof(buf), "已依法取得%s或已办理登记,且%s规定的"
		    "事项发生变化,申请材料齐全、符合法定形式", b->result, law);
		break;
	case K_RENEW:
		snprintf(buf, sizeof(buf), "持有的%s有效期届满前提出申请,仍符合"
		    "%s规定的条件,申请材料齐全、符合法定形式", b->result, law);
		break;
	case K_CANCEL:
		snprintf(buf, sizeof(buf), "已依法取得%s或已办理登记,因歇业、"
		    "终止等原因申请注销", b->result);
		break;
	case K_REISSUE:
		snprintf(buf, sizeof(buf), "%s遗失、损毁或需换发,申请人身份与"
		    "原登记信息一致", b->result);
		break;
	default:
		snprintf(buf, sizeof(buf), "符合%s规定的条件,申请材料齐全、符合"
		    "法定形式", law);
		break;
	}
	it->conditions = xstrdup(buf);

	/* Materials: the application form, who applies, what the base
	 * needs, what the variant needs, and an optional power of attorney. */
	it->materials = xcalloc(MAX_MATERIALS, sizeof(*it->materials));
	form_name(b, suffix, form, sizeof(form));
	snprintf(buf, sizeof(buf), "%s.docx", form);
	add_material(it, form, true, true, MF_ORIGINAL, 1, buf,
	    "须由申请人签字或盖章");
	if (person)
		add_material(it, "申请人居民身份证", true, true, MF_BOTH, 1, "",
		    "");
	else if (kind == K_NEW && (b->group == G_REG3 ||
	    b->group == G_REG3C))
		add_material(it, "法定代表人(负责人)身份证明", true, true,
		    MF_COPY, 1, "", "");
	else
		add_material(it, "申请单位营业执照或统一社会信用代码证书", true,
		    true, MF_COPY, 1, "", "加盖单位公章");
	switch (kind) {
	case K_CHANGE:
		add_material(it, "变更事项相关证明材料", true, true,
		    MF_ORIGINAL, 1, "", "");
		add_specific_materials(it, b->materials, 2);
		break;
	case K_RENEW:
		add_material(it, "原证件", true, true, MF_ORIGINAL, 1, "", "");
		add_specific_materials(it, b->materials, 2);
		break;
	case K_CANCEL:
		add_material(it, "原证件正、副本", true, true, MF_ORIGINAL, 1,
		    "", "遗失的提交遗失声明");
		break;
	case K_REISSUE:
		add_material(it, "遗失声明或原证件", true, true, MF_ORIGINAL, 1,
		    "", "");
		break;
	default:
		add_specific_materials(it, b->materials, 4);
		break;
	}
	add_material(it, "授权委托书及受托人身份证明", false, false,
	    MF_ORIGINAL, 1, "授权委托书.docx", "委托他人办理时提交");

	/* Limits and steps.  Promised limits are 40-60% of the legal ones,
	 * as the hall compressed them (seed 003: 6500 days to 3700). */
	it->legal_limit_days = b->legal_days;
	it->instant = (b->flags & F_INSTANT) || kind == K_CANCEL ||
	    (kind == K_REISSUE && b->legal_days <= 5);
	it->steps = xcalloc(4, sizeof(*it->steps));
	if (it->instant) {
		it->promised_limit_days = (h & 1) && b->legal_days >= 1 ? 1 : 0;
		if (it->promised_limit_days == 1) {
			add_step(it, "受理", ROLE_CLERK, 0);
			add_step(it, "审核签发", approve_role, 1);
		}
	} else {
		int legal = b->legal_days;
		int pct = 40 + (int)((h >> 4) % 21);
		int p = (legal * pct + 50) / 100;
		int a, r;

		if (kind == K_CHANGE || kind == K_REISSUE)
			p = (p * 2 + 2) / 3;
		if (p < 1)
			p = 1;
		if (p > legal)
			p = legal;
		it->promised_limit_days = p;
		if (p >= 3) {
			a = p / 5 > 1 ? p / 5 : 1;
			r = p - 1 - a;
			add_step(it, "受理", ROLE_CLERK, 1);
			add_step(it, "审核", review_role, r);
			add_step(it, "批准", approve_role, a);
		} else if (p == 2) {
			add_step(it, "受理", ROLE_CLERK, 0);
			add_step(it, "审核", review_role, 1);
			add_step(it, "批准", approve_role, 1);
		} else {
			add_step(it, "受理", ROLE_CLERK, 0);
			add_step(it, "审核", review_role, 1);
		}
		if (strstr(b->result, "证"))
			add_step(it, "制证发证", ROLE_CLERK, 0);
	}
	if (it->n_steps == 0) {
		free(it->steps);
		it->steps = NULL;
	}

	/* Fees: only the variants that issue a certificate charge them. */
	if (b->fee != FEE_NONE && kind != K_CANCEL) {
		const struct fee_spec *fs = fee_specs[b->fee];
		size_t nf = fs[1].name ? 2 : 1;

		it->fees = xcalloc(nf, sizeof(*it->fees));
		for (size_t i = 0; i < nf; i++) {
			it->fees[i].name = xstrdup(fs[i].name);
			it->fees[i].amount_fen = fs[i].amount_fen;
			it->fees[i].basis = xstrdup(fs[i].basis);
		}
		it->n_fees = nf;
	}

	it->result_name = xstrdup(kind == K_CANCEL ? "准予注销通知书" :
	    b->result);
	it->in_hall = !(b->flags & F_OUT);
	it->online_depth = it->instant ? 3 + (int)((h >> 12) & 1) :
	    1 + (int)((h >> 12) % 4);
	it->visits = it->online_depth == 4 ? 0 :
	    it->online_depth == 3 ? 1 : 1 + (int)((h >> 16) & 1);
	it->complaint_channel = xstrdup(COMPLAINT_CHANNEL);
	snprintf(buf, sizeof(buf), "0773-68%05u",
	    (unsigned)(mix32((uint32_t)dept + 77) % 100000));
	it->consult_phone = xstrdup(buf);
	it->warn_days = -1;
	it->retired = false;
}

void demo_items(struct item **out, size_t *n)
{
	size_t total = 0, k = 0;
	struct item *items;

	ensure_built();
	for (int d = 0; d < N_DEPTS; d++)
		for (size_t i = 0; i < catalogue[d].n; i++)
			total += (size_t)groups[catalogue[d].items[i].group].n;
	items = xcalloc(total, sizeof(*items));
	for (int d = 0; d < N_DEPTS; d++) {
		int seq = 0;

		for (size_t i = 0; i < catalogue[d].n; i++) {
			const struct base_item *b = &catalogue[d].items[i];

			for (int v = 0; v < groups[b->group].n; v++)
				make_item(&items[k++], d, b, v, ++seq);
		}
	}
	*out = items;
	*n = total;
}
