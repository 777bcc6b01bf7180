-- An ipcycle database made at commit 527e911 (the last schema before migrations): the 2025 cycle
-- with a quota table, two county applications (one recommended, under provincial notice; one in
-- provincial review), a liaison receipt, and its first tick's mail. tests/test_migrations.py upgrades it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE programme_version (
	id INTEGER NOT NULL, 
	programme_id VARCHAR(80) NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	source VARCHAR(500) NOT NULL, 
	text TEXT NOT NULL, 
	loaded_at DATETIME NOT NULL, 
	current BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (content_hash)
);
INSERT INTO programme_version VALUES(1,'city-county-pilot-demo','8df3fa33b6c368674ffdc3718cda8e1ef77b03d3cb73b5aa38aebfe498069ffd','/work/wt-base/workflows/city-county-pilot-demo.yaml',replace('# 2023 知识产权强国建设试点示范评定（城市、县域）— notice 国知办函运字〔 〕 号 (shared/seeds/003_…txt).\n# Rules A1–A10 of DESIGN.md. The seed lost the document number, every date and the mailbox: the\n# dates are given when the cycle is opened (`ipcycle cycle open … --dates FILE`).\nid: city-county-pilot-demo\ntitle: 面向城市、县域开展知识产权强国建设试点示范评定\ndocument: 国知办函运字〔2023〕 号（文号缺失）\nissuer: 国家知识产权局办公室\nvisibility: public\neditions: [2023]\n\ncontact_groups:\n  - {id: city-county, title: 知识产权运用促进司, person: 刘佳, phone: "（缺失）"}\n\ncategories:\n  - id: demo-city\n    name: 国家知识产权强市建设示范城市\n    contact_group: city-county\n    eligibility:\n      - {guard: organisation-kind, rule: A1, params: {kinds: [government]}}\n      - guard: division-level\n        rule: A1\n        params:                         # 2023: 地区、州、盟 are not cities (2025 admits them)\n          levels: [sub-provincial-city, prefecture-city, municipal-district]\n          wording_zh: 申报城市应为地级以上城市或直辖市的区\n      - {guard: pilot-status, rule: A2, params: {pilot_list: city}}\n    declarations:                       # A3, attested by the city, found on by the province\n      - 城市党委、政府高度重视知识产权工作，建立了市政府主要领导牵头的示范城市建设协调机制，编制相关专项规划，纳入对区县政府的考核体系；知识产权管理能力突出，工作条件保障有力\n      - 市本级及各区县的知识产权资助奖励政策合理合规，符合规范专利申请行为的政策文件要求，在打击非正常专利申请和恶意商标注册行为、“蓝天”专项整治行动等工作中成效显著\n      - 城市知识产权综合实力较强：高质量创造机制、运营体系、专利导航决策机制完善，保护严格，对创新发展、产业升级的支撑作用凸显\n  - id: demo-county\n    name: 国家知识产权强县建设示范县\n    contact_group: city-county\n    eligibility:\n      - {guard: organisation-kind, rule: A4, params: {kinds: [government]}}\n      - guard: division-level\n        rule: A4\n        params:                         # 县级市 covers 省直管 cities and the 兵团''s cities; 林区、特区 are 县-level\n          levels: [county, county-level-city, city-district, province-administered, xpcc-city]\n          wording_zh: 申报县域应为县（自治县、旗、自治旗等，含直辖市下辖的县）、县级市，或副省级城市、地级市下辖的区\n      - {guard: pilot-status, rule: A4, params: {pilot_list: county}}\n    declarations:                       # A5; condition 4 is the GI / traditional-knowledge track\n      - 党委、政府高度重视知识产权工作，写入发展战略规划，纳入政府年度考核体系；县域知识产权管理能力突出，工作条件保障有力\n      - 知识产权资助奖励政策合理合规，在打击非正常专利申请和恶意商标注册行为、“蓝天”专项整治行动等工作中成效显著\n      - 围绕主导产业和龙头企业扎实开展知识产权工作，取得较好成效，拥有一定数量的国家级或省级知识产权优势、示范企业\n      - （地理标志、传统知识特色县域）在地理标志区域品牌建设、促进特色产业发展、传统知识资源保护运用等方面取得显著成效\n  - id: pilot-city\n    name: 国家知识产权强市建设试点城市\n    contact_group: city-county\n    eligibility:                        # A7: the province''s own standard comes from its overlay\n      - {guard: organisation-kind, rule: A7, params: {kinds: [government]}}\n      - guard: division-level\n        rule: A7\n        params: {levels: [sub-provincial-city, prefecture-city, municipal-district], wording_zh: 试点城市应为地级以上城市或直辖市的区}\n      - {guard: pilot-status, rule: A7, params: {pilot_list: city, required: false}}\n      - {guard: provincial-standard, rule: A7}\n  - id: pilot-county\n    name: 国家知识产权强县建设试点县\n    contact_group: city-county\n    eligibility:\n      - {guard: organisation-kind, rule: A7, params: {kinds: [government]}}\n      - guard: division-level\n        rule: A7\n        params:\n          levels: [county, county-level-city, city-district, province-administered, xpcc-city]\n          wording_zh: 试点县应为县（自治县、旗、自治旗等）、县级市或市辖区\n      - {guard: pilot-status, rule: A7, params: {pilot_list: county, required: false}}\n      - {guard: provincial-standard, rule: A7}\n\nmilestones:                             # A10: all three dates were lost from the seed\n  - {id: application-opens, title: 通知印发、组织申报开始, given_at_opening: true}\n  - {id: liaison-receipt, title: 报送联系人回执（附件5）, given_at_opening: true}\n  - id: recommendation\n    title: 完成推荐及材料报送\n    given_at_opening: true\n    on_due:                             # what was not submitted, or not reported to CNIPA, by then is closed\n      - {event: expire, from: [draft]}\n      - {event: close_unreported, from: [provincial_review, recommended, provincial_notice, provincial_objection]}\n\nwindows:\n  application: {opens: application-opens, closes: recommendation, rule: A10}\n\nentry: {event: apply, to: draft, roles: [applicant], window: application}\n\nstages:\n  - {id: draft, title: 编制申报材料}\n  - {id: provincial_review, title: 省级审核}\n  - {id: recommended, title: 省级推荐（示范）}\n  - {id: national_review, title: 国家知识产权局专家评审}\n  - {id: public_notice, title: 评审结果公示, notice: {working_days: 5, on_end: end_notice}}\n  - {id: notice_objection, title: 公示异议处理}\n  - {id: provincial_notice, title: 省级公示（试点）}\n  - {id: provincial_objection, title: 省级公示异议处理}\n  - {id: approval, title: 国家知识产权局核准（试点）}\n  - {id: designated, title: 列入示范或试点名单, final: true}\n  - {id: not_recommended, title: 未获推荐, final: true}\n  - {id: not_selected, title: 评审未通过, final: true}\n  - {id: not_approved, title: 未予核准, final: true}\n  - {id: withdrawn, title: 已撤回, final: true}\n  - {id: expired, title: 申报期满未提交, final: true}\n  - {id: not_reported, title: 推荐截止前未报送, final: true}\n  - {id: disqualified, title: 弄虚作假取消资格, final: true}\n\ntransitions:\n  # A6 demonstration: work plan approved by the government → province → review → recommendation in quota\n  - event: submit\n    categories: [demo-city, demo-county]\n    from: [draft]\n    to: provincial_review\n    roles: [applicant]\n    window: application\n    guards:\n      - {guard: declarations-attested, rule: A3, params: {optional: [4]}}\n      - guard: materials-complete\n        rule: A8\n        params: {only: [government-letter, work-report, work-plan, status-table]}\n  - {event: submit, categories: [pilot-city, pilot-county], from: [draft], to: provincial_review, roles: [applicant], window: application}\n  - {event: decline, from: [provincial_review], to: not_recommended, roles: [province]}\n  - event: recommend\n    categories: [demo-city, demo-county]\n    from: [provincial_review]\n    to: recommended\n    roles: [province]\n    window: application\n    guards:\n      - {guard: declarations-reviewed, rule: A6}\n      - {guard: within-quota, rule: A6, params: {counted: [recommended, national_review, public_notice, notice_objection, designated, not_selected]}}\n  - event: report\n    categories: [demo-city, demo-county]\n    from: [recommended]\n    to: national_review\n    roles: [province]\n    window: application\n    guards:\n      - {guard: materials-complete, rule: A8}\n  - {event: select, from: [national_review], to: public_notice, roles: [national]}\n  - {event: reject, from: [national_review], to: not_selected, roles: [national]}\n  - {event: object, from: [public_notice], to: notice_objection, roles: [national]}\n  - {event: dismiss_objection, from: [notice_objection], to: public_notice, roles: [national]}\n  - {event: uphold_objection, from: [notice_objection], to: not_selected, roles: [national]}\n  - {event: end_notice, from: [public_notice], to: designated, roles: [system]}\n  # A7 pilot: the province''s standard, review and public notice within its quota, then CNIPA''s approval (核准)\n  - event: recommend\n    categories: [pilot-city, pilot-county]\n    from: [provincial_review]\n    to: provincial_notice\n    roles: [province]\n    window: application\n    guards:\n      - {guard: within-quota, rule: A7, params: {counted: [provincial_notice, provincial_objection, approval, designated, not_approved]}}\n  - {event: object, from: [provincial_notice], to: provincial_objection, roles: [province]}\n  - {event: dismiss_objection, from: [provincial_objection], to: provincial_notice, roles: [province]}\n  - {event: uphold_objection, from: [provincial_objection], to: not_recommended, roles: [province]}\n  - {event: report, categories: [pilot-city, pilot-county], from: [provincial_notice], to: approval, roles: [province], window: application}\n  - {event: approve, from: [approval], to: designated, roles: [national]}\n  - {event: refuse, from: [approval], to: not_approved, roles: [national]}\n  # both\n  - {event: withdraw, from: [draft, provincial_review, recommended, provincial_notice], to: withdrawn, roles: [applicant]}\n  - {event: expire, from: [draft], to: expired, roles: [system]}\n  - {event: close_unreported, from: [provincial_review, recommended, provincial_notice, provincial_objection], to: not_reported, roles: [system]}\n  - event: disqualify                   # A9: only through `ipcycle fraud disqualify`, which records the criticisms\n    from: ["*", designated]             # A9 sets no time limit: a designated unit can still lose its place\n    to: disqualified\n    roles: [national]\n    reason_required: true\n    guards:\n      - {guard: fraud-established, rule: A9, params: {criticise: [applicant-ip-department, provincial-office]}}\n\nmaterials:                              # A8 (demonstration only; the province''s letter comes with its report)\n  - {id: provincial-letter, title: 省级知识产权局推荐函（含审核情况和推荐意见）, categories: [demo-city, demo-county]}\n  - {id: government-letter, title: 城市政府、县政府向省级知识产权局提出的申报函, categories: [demo-city, demo-county]}\n  - {id: work-report, title: 创建工作报告（申报条件符合情况、近三年工作总结）, categories: [demo-city, demo-county]}\n  - {id: work-plan, title: 三年期示范工作方案（经城市政府或县政府同意）, categories: [demo-city, demo-county]}\n  - {id: status-table, title: 基本工作状况表, categories: [demo-city, demo-county]}\n\nreminders:\n  - {milestone: liaison-receipt, audience: provinces-without-liaison-receipt, working_days_before: [5, 1, 0, -1]}\n  - {milestone: recommendation, audience: provinces-with-unreported-applications, working_days_before: [7, 3, 1, 0]}\n  - {milestone: recommendation, audience: applicants-with-drafts, working_days_before: [7, 3, 1]}\n','\n',char(10)),'2025-09-15 10:00:00.000000',1);
INSERT INTO programme_version VALUES(2,'demonstration-creation','0dad99f41e49fdc3779f3bb6980931e4511c509cc8b81253bdc16de39745670a','/work/wt-base/workflows/demonstration-creation.yaml',replace('# 知识产权强国建设示范创建 — notice 国知发运字〔2025〕28号 (shared/seeds/004_…txt).\n# Rules B1–B13 of DESIGN.md. Dates are relative to the edition year (B1: every 3 years from 2025).\nid: demonstration-creation\ntitle: 知识产权强国建设示范创建\ndocument: 国知发运字〔2025〕28号\nissuer: 国家知识产权局\nvisibility: public\nrecurrence: {first_edition: 2025, every_years: 3}\nmailbox: zLzL@cnipa.gov.cn\n\ncontact_groups:                         # B13\n  - {id: city-county, title: 示范市、示范县工作, person: 吕律, phone: 010-62083864}\n  - {id: park-enterprise, title: 示范园区、示范企业工作, person: 徐俊峰, phone: 010-62086568}\n  - {id: service-cluster, title: 服务业高质量集聚发展示范区工作, person: 王强, phone: 010-62084788}\n  - {id: university-institute, title: 示范高校、示范科研机构工作, person: 王海军, phone: 010-62084027}\n\ncategories:                             # B2 who may apply; B5 units recognised before do not apply again\n  - id: city\n    name: 国家知识产权强市建设示范市\n    contact_group: city-county\n    eligibility:\n      - {guard: organisation-kind, rule: B2, params: {kinds: [government]}}\n      - guard: division-level\n        rule: B2\n        params:                         # 2025 names 地区、州、盟 (2023''s "地级以上城市" did not)\n          levels: [sub-provincial-city, prefecture-city, prefecture-region, municipal-district]\n          wording_zh: 副省级城市、地级市（地区、州、盟）、直辖市市辖区人民政府\n      - &b5 {guard: not-recognised, rule: B5, params: {stages: [recognised]}}\n    recognised_as:                      # B5: a 2023 示范城市 is already a 示范市\n      - {programme: city-county-pilot-demo, category: demo-city, stages: [designated]}\n    declarations: &b3                   # B3 general conditions: the applicant attests, the province records findings\n      - 高度重视知识产权工作，在落实《知识产权强国建设纲要（2021—2035年）》和知识产权五年规划、专项行动、重要决策部署中能切实发挥示范引领作用\n      - 知识产权创造质量、运用效益、保护效果、管理能力和服务水平突出，知识产权工作条件保障有力\n      - 对推动创新发展和经济高质量发展发挥积极作用，开展的相关工作具有宣传推广意义\n  - id: county\n    name: 国家知识产权强县建设示范县\n    contact_group: city-county\n    eligibility:\n      - {guard: organisation-kind, rule: B2, params: {kinds: [government]}}\n      - guard: division-level\n        rule: B2\n        params:\n          levels: [county, county-level-city, city-district, province-administered, xpcc-city]\n          wording_zh: 直辖市下辖县、省直管县、兵团下辖市和副省级城市、地级市（地区、州、盟）的市辖区（市、县、旗）人民政府\n      - *b5\n    declarations: *b3\n    recognised_as:                      # B5: a 2023 示范县 is already a 示范县\n      - {programme: city-county-pilot-demo, category: demo-county, stages: [designated]}\n  - id: park\n    name: 国家知识产权强国建设示范园区\n    contact_group: park-enterprise\n    eligibility:\n      - {guard: organisation-kind, rule: B2, params: {kinds: [park]}}\n      - {guard: attribute-in, rule: B2, params: {attribute: park_level, values: [national, provincial], label_zh: 园区级别}}\n      - *b5\n    declarations: *b3\n  - id: service-cluster\n    name: 国家知识产权服务业高质量集聚发展示范区\n    contact_group: service-cluster\n    eligibility:                        # a park committee, or a government eligible under category 2\n      - {guard: organisation-kind, rule: B2, params: {kinds: [park, government]}}\n      - guard: attribute-in\n        rule: B2\n        params: {attribute: park_level, values: [national, provincial], label_zh: 园区级别, for_kinds: [park]}\n      - guard: division-level\n        rule: B2\n        params:\n          levels: [county, county-level-city, city-district, province-administered]  # item (四) leaves out 兵团下辖市\n          wording_zh: 产业集聚的直辖市下辖县、省直管县和副省级城市、地级市（地区、州、盟）的市辖区（市、县、旗）人民政府\n          for_kinds: [government]\n      - *b5\n    declarations: *b3\n  - id: enterprise\n    name: 国家知识产权示范企业\n    contact_group: park-enterprise\n    eligibility:\n      - {guard: organisation-kind, rule: B2, params: {kinds: [company]}}\n      - {guard: entity-form, rule: B2, params: {forms: [llc, jsc]}}\n      - {guard: enterprise-uscc, rule: B2}\n      - *b5\n    declarations: *b3\n  - id: university\n    name: 国家知识产权示范高校\n    contact_group: university-institute\n    eligibility:\n      - {guard: organisation-kind, rule: B2, params: {kinds: [university]}}\n      - {guard: attribute-in, rule: B2, params: {attribute: education_level, values: [undergraduate], label_zh: 办学层次}}\n      - *b5\n    declarations: *b3\n  - id: institute\n    name: 国家知识产权示范科研机构\n    contact_group: university-institute\n    eligibility:\n      - {guard: organisation-kind, rule: B2, params: {kinds: [institute]}}\n      - guard: attribute-in\n        rule: B2\n        params: {attribute: founder, values: [central-government, local-government, soe, private], label_zh: 设立主体}\n      - *b5\n    declarations: *b3\n\nmilestones:\n  - {id: application-opens, title: 组织申报开始（通知印发）, due: {month: 9, day: 12}}\n  - {id: liaison-receipt, title: 报送工作联络员回执, due: {month: 9, day: 19}}\n  - id: recommendation\n    title: 完成推荐及材料报送\n    due: {month: 10, day: 24}\n    on_due:                             # what was not submitted, or not reported to CNIPA, by then is closed\n      - {event: expire, from: [draft]}\n      - {event: close_unreported, from: [provincial_review, provincial_notice, provincial_objection]}\n  - id: acceptance\n    title: 评估验收和公示认定完成\n    due: {year_offset: 2, month: 12, day: 31}\n    on_due:                             # creation objects not accepted by the end of the period\n      - {event: lapse, from: [in_creation, acceptance_review]}\n\nwindows:\n  application: {opens: application-opens, closes: recommendation, rule: B4}\n  acceptance: {closes: acceptance, rule: B7}\n\nentry: {event: apply, to: draft, roles: [applicant], window: application}\n\nstages:\n  - {id: draft, title: 填写申报书}\n  - {id: provincial_review, title: 省级审核}\n  - {id: provincial_notice, title: 省级公示}\n  - {id: provincial_objection, title: 省级公示异议处理}\n  - {id: national_review, title: 国家知识产权局评审}\n  - {id: selection_notice, title: 创建对象公示, notice: {working_days: 5, on_end: end_notice}}\n  - {id: selection_objection, title: 创建对象公示异议处理}\n  - {id: in_creation, title: 创建期}\n  - {id: acceptance_review, title: 评估验收}\n  - {id: acceptance_notice, title: 验收结果公示, notice: {working_days: 5, on_end: end_notice}}\n  - {id: acceptance_objection, title: 验收结果公示异议处理}\n  - {id: recognised, title: 认定为示范单位}\n  - {id: not_recommended, title: 未获推荐, final: true}\n  - {id: not_selected, title: 未确定为创建对象, final: true}\n  - {id: failed, title: 验收未通过, final: true}\n  - {id: lapsed, title: 创建期满未验收, final: true}\n  - {id: expired, title: 申报期满未提交, final: true}\n  - {id: not_reported, title: 推荐截止前未报送, final: true}\n  - {id: withdrawn, title: 已撤回, final: true}\n  - {id: revoked, title: 取消资格并摘牌, final: true}\n  - {id: disqualified, title: 弄虚作假取消资格, final: true}\n\ntransitions:\n  # B4 组织申报: apply, provincial review, selection within the quota, provincial notice, report\n  - event: submit                       # B3 conditions attested, the 申报书 (attachment 1) on file\n    from: [draft]\n    to: provincial_review\n    roles: [applicant]\n    window: application\n    guards:\n      - {guard: declarations-attested, rule: B3}\n      - {guard: materials-complete, rule: B4}\n  # recommend: within the province''s places for the category (attachment 2); the counted stages hold a place,\n  # so a withdrawn or not-recommended application frees its place\n  - {event: recommend, guards: [{guard: declarations-reviewed, rule: B3}, {guard: within-quota, rule: B4, params: {counted: [provincial_notice,\n        provincial_objection, national_review, selection_notice, selection_objection, in_creation, acceptance_review,\n        acceptance_notice, acceptance_objection, recognised, not_selected, failed, lapsed, revoked]}}],\n     from: [provincial_review], to: provincial_notice, roles: [province], window: application}\n  - {event: decline, from: [provincial_review], to: not_recommended, roles: [province]}\n  - {event: object, from: [provincial_notice], to: provincial_objection, roles: [province]}\n  - {event: dismiss_objection, from: [provincial_objection], to: provincial_notice, roles: [province]}\n  - {event: uphold_objection, from: [provincial_objection], to: not_recommended, roles: [province]}\n  - {event: report, from: [provincial_notice], to: national_review, roles: [province], window: application}\n  - {event: withdraw, from: [draft, provincial_review, provincial_notice, provincial_objection], to: withdrawn, roles: [applicant]}\n  - {event: expire, from: [draft], to: expired, roles: [system]}\n  - {event: close_unreported, from: [provincial_review, provincial_notice, provincial_objection], to: not_reported, roles: [system]}\n  # B6 推动创建: national review against the indicators, notice, list of creation objects\n  - {event: select, from: [national_review], to: selection_notice, roles: [national]}\n  - {event: reject, from: [national_review], to: not_selected, roles: [national]}\n  - {event: object, from: [selection_notice], to: selection_objection, roles: [national]}\n  - {event: dismiss_objection, from: [selection_objection], to: selection_notice, roles: [national]}\n  - {event: uphold_objection, from: [selection_objection], to: not_selected, roles: [national]}\n  - {event: end_notice, from: [selection_notice], to: in_creation, roles: [system]}\n  # B7 评估验收和公示认定, before the end of the third year\n  - {event: start_acceptance, from: [in_creation], to: acceptance_review, roles: [national], window: acceptance}\n  - {event: pass, from: [acceptance_review], to: acceptance_notice, roles: [national], window: acceptance}\n  - {event: fail, from: [acceptance_review], to: failed, roles: [national]}\n  - {event: object, from: [acceptance_notice], to: acceptance_objection, roles: [national]}\n  - {event: dismiss_objection, from: [acceptance_objection], to: acceptance_notice, roles: [national]}\n  - {event: uphold_objection, from: [acceptance_objection], to: failed, roles: [national]}\n  - {event: end_notice, from: [acceptance_notice], to: recognised, roles: [system]}\n  - {event: lapse, from: [in_creation, acceptance_review], to: lapsed, roles: [system]}\n  # B9 成效评估 → 摘牌; B10 fraud at any stage, including after recognition\n  - {event: revoke, from: [recognised], to: revoked, roles: [national], reason_required: true}\n  - event: disqualify                   # B10: only through `ipcycle fraud disqualify`, which records the finding\n    from: ["*"]\n    to: disqualified\n    roles: [national]\n    reason_required: true\n    guards:\n      - {guard: fraud-established, rule: B10, params: {criticise: []}}\n\nmaterials:                              # B4 申报书 (attachment 1)\n  - {id: application-form, title: 知识产权强国建设示范创建申报书}\n\nreminders:                              # consumed by the scheduler; working days before the milestone\n  - {milestone: liaison-receipt, audience: provinces-without-liaison-receipt, working_days_before: [5, 1, 0, -1]}\n  - {milestone: recommendation, audience: provinces-with-unreported-applications, working_days_before: [7, 3, 1, 0]}\n  - {milestone: recommendation, audience: applicants-with-drafts, working_days_before: [7, 3, 1]}\n','\n',char(10)),'2025-09-15 10:00:00.000000',1);
INSERT INTO programme_version VALUES(3,'tisc-cases','ca647a43f69486de9ffa503f8a2a871d754db7ba7934158810169ef1b82a13a7','/work/wt-base/workflows/tisc-cases.yaml',replace('# 知识产权信息公共服务优秀案例征集 — notice 国知办函服字〔2021〕205号 (shared/seeds/001_…txt).\n# Rules D1–D7 of DESIGN.md. A phase is a category: each has its own deadline window and themes (D4).\nid: tisc-cases\ntitle: 知识产权信息公共服务优秀案例\ndocument: 国知办函服字〔2021〕205号\nissuer: 国家知识产权局办公室\nvisibility: public\neditions: [2021]\nmailbox: zhanglu@cnpat.com.cn           # D6: subject holds “优秀案例征集” and the unit''s name\n\ncontact_groups:\n  - {id: public-service, title: 公共服务司, person: 侯金霞, phone: 010-62083852}\n\ncategories:                             # D1: TISCs and university national IP information service centres\n  - id: phase-1\n    name: 第一阶段案例（知识产权和中小企业）\n    contact_group: public-service\n    eligibility:\n      - {guard: organisation-kind, rule: D1, params: {kinds: [tisc, university-centre]}}\n  - id: phase-2\n    name: 第二阶段案例\n    contact_group: public-service\n    eligibility:\n      - {guard: organisation-kind, rule: D1, params: {kinds: [tisc, university-centre]}}\n\nmilestones:\n  - {id: call-issued, title: 征集通知印发, due: {month: 3, day: 11}}\n  - {id: phase-1, title: 第一阶段案例征集截止, due: {month: 3, day: 26}}\n  - {id: phase-2, title: 第二阶段案例征集截止, due: {month: 6, day: 25}}\n\nwindows:\n  call: {opens: call-issued, closes: phase-2, rule: D4}\n  phase-1: {opens: call-issued, closes: phase-1, rule: D4}\n  phase-2: {opens: call-issued, closes: phase-2, rule: D4}\n\nentry: {event: apply, to: draft, roles: [applicant], window: call}\n\nstages:\n  - {id: draft, title: 撰写案例}\n  - {id: submitted, title: 已报送省级知识产权局}\n  - {id: reviewed, title: 省级审核通过}\n  - {id: forwarded, title: 已报送国家知识产权局}\n  - {id: selected, title: 入选优秀案例集}\n  - {id: published, title: 已公布, final: true}\n  - {id: not_forwarded, title: 省级审核未通过, final: true}\n  - {id: not_selected, title: 未入选, final: true}\n  - {id: withdrawn, title: 已撤回, final: true}\n\ntransitions:\n  # D6: the centre files its case form and case to its province\n  - event: submit\n    from: [draft]\n    to: submitted\n    roles: [applicant]\n    window: phase-1\n    categories: [phase-1]\n    guards:\n      - {guard: case-form, rule: D6, params: {required: [name]}}\n      - {guard: case-text-limits, rule: D3, params: {count: zi, limits: {total: {max: 1500}}}}\n      - {guard: case-theme, rule: D4, params: {themes: [知识产权和中小企业——把创意推向市场]}}\n      - {guard: not-submitted-before, rule: D2}\n  - event: submit\n    from: [draft]\n    to: submitted\n    roles: [applicant]\n    window: phase-2\n    categories: [phase-2]\n    guards:\n      - {guard: case-form, rule: D6, params: {required: [name]}}\n      - {guard: case-text-limits, rule: D3, params: {count: zi, limits: {total: {max: 1500}}}}\n      - guard: case-theme\n        rule: D4\n        params:\n          themes:\n            - 服务中小企业创新发展\n            - 服务科研团队创新研发\n            - 服务政府部门综合决策\n            - 服务社会公众意识提升\n            - 支撑产业发展\n            - 助力产学研一体化和科技成果转化\n      - {guard: not-submitted-before, rule: D2}\n  - {event: withdraw, from: [draft, submitted], to: withdrawn, roles: [applicant]}\n  # D6: the province reviews, then forwards by the phase''s deadline with its summary table\n  - {event: review, from: [submitted], to: reviewed, roles: [province]}\n  - {event: decline, from: [submitted, reviewed], to: not_forwarded, roles: [province]}\n  - {event: forward, from: [reviewed], to: forwarded, roles: [province], window: phase-1, categories: [phase-1]}\n  - {event: forward, from: [reviewed], to: forwarded, roles: [province], window: phase-2, categories: [phase-2]}\n  # D7: selection into the case collection, then publication\n  - {event: select, from: [forwarded], to: selected, roles: [national]}\n  - {event: reject, from: [forwarded], to: not_selected, roles: [national]}\n  - {event: publish, from: [selected], to: published, roles: [national]}\n\nmaterials:                              # D6\n  - {id: case-text, title: 案例（WORD版，附件1模板）}\n  - {id: case-form, title: 案例报送表（附件2，所在单位盖章）}\n  - {id: summary-table, title: 案例汇总表（附件3，省级知识产权局盖章）}\n\ncases:\n  template: free                        # the seed does not hold the template of attachment 1\n  phases:\n    - {number: 1, category: phase-1, title: 第一阶段（2021年世界知识产权日主题）}\n    - {number: 2, category: phase-2, title: 第二阶段（六个主题任选其一）}\n  minimums:                             # D5: checked and reminded before each deadline, never refusing\n    - {rule: D5, per: province, each_phase: true, at_least: 2, stages: [forwarded, selected, not_selected, published]}\n    - rule: D5\n      per: submitter\n      at_least: 2\n      stages: [submitted, reviewed, forwarded, selected, not_selected, published]\n      kinds: [tisc, university-centre]\n  publishable: [selected, published]\n  form_title: 案例报送表\n  summary_title: 案例汇总表\n  summary_stages: [reviewed, forwarded, selected, not_selected, published]   # D6: what the province recommends\n  byline: ["报送单位（盖章）：{submitter}"]   # D6: the centre''s form and the province''s summary are stamped\n  list_titles: {2021: 知识产权信息公共服务优秀案例}\n\nreminders:                              # the parties case_minimums() reports short of a minimum\n  - {milestone: phase-1, audience: case-minimum-shortfalls, working_days_before: [5, 2]}\n  - {milestone: phase-2, audience: case-minimum-shortfalls, working_days_before: [5, 2]}\n','\n',char(10)),'2025-09-15 10:00:00.000000',1);
INSERT INTO programme_version VALUES(4,'typical-cases','26d324f77951b5167d922f97c9b00aec990fbe7609e228eae8e743ad834e33a3','/work/wt-base/workflows/typical-cases.yaml',replace('# 知识产权强国建设典型案例征集 — notice 国知联办〔2024〕8号 (shared/seeds/000_…txt), batch 3;\n# the published outcome has the shape of 002_…txt. Rules C1–C8 of DESIGN.md.\n# Submitters send their cases straight to the joint conference''s office: there is no provincial step.\nid: typical-cases\ntitle: 知识产权强国建设典型案例\ndocument: 国知联办〔2024〕8号\nissuer: 国家知识产权强国建设工作部际联席会议办公室\nvisibility: internal                    # C7 此件不公开\neditions: [2024]                        # batch 3; earlier batches are known by their lists (cases.list_titles)\nmailbox: caomenglu@cnipa.gov.cn\n\ncontact_groups:\n  - {id: office, title: 联席会议办公室, person: 曹梦露 刘斌, phone: 010-62087606 62086709}\n\ncategories:                             # C1: member units (registered without a division) and provincial offices\n  - id: typical-case\n    name: 知识产权强国建设典型案例\n    contact_group: office\n    eligibility:\n      - {guard: organisation-kind, rule: C1, params: {kinds: [member-unit, provincial-office]}}\n\nmilestones:\n  - {id: call-issued, title: 征集通知印发, due: {month: 5, day: 31}}\n  - id: submission\n    title: 案例内容和申报表报送截止\n    due: {month: 7, day: 15}            # C6\n    on_due:\n      - {event: expire, from: [draft]}\n\nwindows:\n  submission: {opens: call-issued, closes: submission, rule: C6}\n\nentry: {event: apply, to: draft, roles: [applicant, province], window: submission}\n\nstages:\n  - {id: draft, title: 撰写案例}\n  - {id: submitted, title: 已报送联席会议办公室}\n  - {id: selected, title: 入选典型案例}\n  - {id: published, title: 已公布, final: true}\n  - {id: not_selected, title: 未入选, final: true}\n  - {id: withdrawn, title: 已撤回, final: true}\n  - {id: expired, title: 逾期未报送, final: true}\n\ntransitions:\n  - event: submit\n    from: [draft]\n    to: submitted\n    roles: [applicant, province]\n    window: submission\n    guards:\n      - {guard: case-form, rule: C4, params: {required: [region, name, abstract, contact]}}\n      - guard: case-text-limits         # C3: the template''s sections and the whole text, in Word 字数\n        rule: C3\n        params:\n          count: zi\n          limits:\n            total: {min: 1000, max: 1500}\n            basic: {max: 200}\n            practices: {max: 500}\n            effects: {max: 500}\n            next_steps: {max: 300}\n      - guard: case-text-limits         # C4: the application form''s name and abstract\n        rule: C4\n        params: {count: zi, limits: {name: {max: 25}, abstract: {max: 200}}}\n      # C2: ≤3 per member unit and per province; a province''s office records count as one submitter\n      - {guard: cases-per-submitter, rule: C2, params: {at_most: 3, counted_per_province: [provincial-office]}}\n      # A case is new to its batch: 000 calls the 第三批 to 进一步发掘和总结 typical experience and asks for\n      # cases with 创新性和示范引领价值, so one already sent, or on an earlier batch''s published list (C8,\n      # like 002), is refused, as D2 states outright for the TISC call.\n      - {guard: not-submitted-before, rule: C8}\n  - {event: withdraw, from: [draft, submitted], to: withdrawn, roles: [applicant, province], window: submission}\n  - {event: expire, from: [draft], to: expired, roles: [system]}\n  - {event: select, from: [submitted], to: selected, roles: [national]}\n  - {event: reject, from: [submitted], to: not_selected, roles: [national]}\n  - {event: publish, from: [selected], to: published, roles: [national]}\n\nmaterials:                              # C6: both stamped, and sent by e-mail as well\n  - {id: case-text, title: 知识产权强国建设典型案例（附件1模板）}\n  - {id: application-form, title: 知识产权强国建设典型案例申报表（附件2）}\n\n# C5 topics are "not limited to" the list, so no guard: 战略组织实施, 管理体制机制, 政策环境, 保护,\n# 高质量创造, 转化运用, 公共服务, 人文社会环境, 海外布局和维权援助.\ncases:\n  publishable: [selected, published]\n  form_title: 知识产权强国建设典型案例申报表\n  summary_title: 知识产权强国建设典型案例汇总表\n  byline: ["报送单位（加盖印章）：{submitter}", "报送人及联系方式："]     # 000 attachment 2\n  form_notes:                           # 000 attachment 2, 填写说明 (its 25/200 are the C4 guard''s limits)\n    - 填写说明：1．报送案例的地区请按照行政区划规范填写；\n    - 2．案例名称要精炼准确，不超过25个字，尽量体现地区/单位、做法、成效；\n    - 3．案例摘要重点突出典型做法和经验（不超过200个字）；\n    - 4．案例联系人请留负责案例编写的同志。\n  # An edition is the year of its call (the dates derive from it): 2024 is batch 3 (000). Earlier\n  # batches are known by their published lists: batch 2 (seed 002, which gives no date) is filed as\n  # 2023, the year before batch 3. An imported list must carry the title given here for its edition.\n  list_titles: {2023: 知识产权强国建设第二批典型案例, 2024: 知识产权强国建设第三批典型案例}\n','\n',char(10)),'2025-09-15 10:00:00.000000',1);
CREATE TABLE organisation (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	division_code VARCHAR(6), 
	uscc VARCHAR(18), 
	email VARCHAR(200), 
	attributes JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (uscc)
);
INSERT INTO organisation VALUES(1,'北京市知识产权局','provincial-office','110000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(2,'天津市知识产权局','provincial-office','120000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(3,'河北省知识产权局','provincial-office','130000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(4,'山西省知识产权局','provincial-office','140000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(5,'内蒙古自治区知识产权局','provincial-office','150000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(6,'辽宁省知识产权局','provincial-office','210000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(7,'吉林省知识产权局','provincial-office','220000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(8,'黑龙江省知识产权局','provincial-office','230000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(9,'上海市知识产权局','provincial-office','310000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(10,'江苏省知识产权局','provincial-office','320000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(11,'浙江省知识产权局','provincial-office','330000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(12,'安徽省知识产权局','provincial-office','340000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(13,'福建省知识产权局','provincial-office','350000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(14,'江西省知识产权局','provincial-office','360000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(15,'山东省知识产权局','provincial-office','370000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(16,'河南省知识产权局','provincial-office','410000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(17,'湖北省知识产权局','provincial-office','420000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(18,'湖南省知识产权局','provincial-office','430000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(19,'广东省知识产权局','provincial-office','440000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(20,'广西壮族自治区知识产权局','provincial-office','450000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(21,'海南省知识产权局','provincial-office','460000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(22,'重庆市知识产权局','provincial-office','500000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(23,'四川省知识产权局','provincial-office','510000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(24,'贵州省知识产权局','provincial-office','520000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(25,'云南省知识产权局','provincial-office','530000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(26,'西藏自治区知识产权局','provincial-office','540000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(27,'陕西省知识产权局','provincial-office','610000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(28,'甘肃省知识产权局','provincial-office','620000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(29,'青海省知识产权局','provincial-office','630000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(30,'宁夏回族自治区知识产权局','provincial-office','640000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(31,'新疆维吾尔自治区知识产权局','provincial-office','650000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(32,'新疆生产建设兵团知识产权局','provincial-office','660000',NULL,NULL,'{}');
INSERT INTO organisation VALUES(33,'昆山市人民政府','government','320583',NULL,'ks@example.cn','{}');
INSERT INTO organisation VALUES(34,'常熟市人民政府','government','320581',NULL,NULL,'{}');
CREATE TABLE calendar_year (
	year INTEGER NOT NULL, 
	schedule JSON NOT NULL, 
	source VARCHAR(500) NOT NULL, 
	loaded_at DATETIME NOT NULL, 
	PRIMARY KEY (year)
);
CREATE TABLE pilot_designation (
	id INTEGER NOT NULL, 
	division_code VARCHAR(6) NOT NULL, 
	pilot_list VARCHAR(10) NOT NULL, 
	year INTEGER NOT NULL, 
	imported_at DATETIME NOT NULL, 
	source VARCHAR(300) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (division_code, pilot_list, year)
);
CREATE TABLE cycle (
	id INTEGER NOT NULL, 
	programme_id VARCHAR(80) NOT NULL, 
	edition INTEGER NOT NULL, 
	programme_version_id INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	opened_at DATETIME NOT NULL, 
	opened_by VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (programme_id, edition), 
	FOREIGN KEY(programme_version_id) REFERENCES programme_version (id)
);
INSERT INTO cycle VALUES(1,'demonstration-creation',2025,2,'open','2025-09-15 10:00:00.000000','national');
CREATE TABLE recognition (
	id INTEGER NOT NULL, 
	organisation_id INTEGER NOT NULL, 
	programme_id VARCHAR(80) NOT NULL, 
	category VARCHAR(40) NOT NULL, 
	year INTEGER NOT NULL, 
	imported_at DATETIME NOT NULL, 
	source VARCHAR(300) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (organisation_id, programme_id, category, year), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id)
);
CREATE TABLE milestone (
	id INTEGER NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	"key" VARCHAR(80) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	due DATE NOT NULL, 
	source VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (cycle_id, "key"), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id)
);
INSERT INTO milestone VALUES(1,1,'application-opens','组织申报开始（通知印发）','2025-09-12','definition');
INSERT INTO milestone VALUES(2,1,'liaison-receipt','报送工作联络员回执','2025-09-19','definition');
INSERT INTO milestone VALUES(3,1,'recommendation','完成推荐及材料报送','2025-10-24','definition');
INSERT INTO milestone VALUES(4,1,'acceptance','评估验收和公示认定完成','2027-12-31','definition');
CREATE TABLE application (
	id INTEGER NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	category VARCHAR(40) NOT NULL, 
	organisation_id INTEGER NOT NULL, 
	serial INTEGER NOT NULL, 
	province_code VARCHAR(6) NOT NULL, 
	stage VARCHAR(40) NOT NULL, 
	version INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (cycle_id, category, organisation_id, serial), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id)
);
INSERT INTO application VALUES(1,1,'county',33,1,'320000','provincial_notice',3,'2025-09-15 10:00:00.000000','2025-09-15 10:00:00.000000');
INSERT INTO application VALUES(2,1,'county',34,1,'320000','provincial_review',2,'2025-09-15 10:00:00.000000','2025-09-15 10:00:00.000000');
CREATE TABLE quota (
	id INTEGER NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	province_code VARCHAR(6) NOT NULL, 
	category VARCHAR(40) NOT NULL, 
	places INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (cycle_id, province_code, category), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id)
);
INSERT INTO quota VALUES(1,1,'110000','city',2);
INSERT INTO quota VALUES(2,1,'110000','county',2);
INSERT INTO quota VALUES(3,1,'110000','park',2);
INSERT INTO quota VALUES(4,1,'110000','service-cluster',2);
INSERT INTO quota VALUES(5,1,'110000','enterprise',2);
INSERT INTO quota VALUES(6,1,'110000','university',2);
INSERT INTO quota VALUES(7,1,'110000','institute',2);
INSERT INTO quota VALUES(8,1,'120000','city',2);
INSERT INTO quota VALUES(9,1,'120000','county',2);
INSERT INTO quota VALUES(10,1,'120000','park',2);
INSERT INTO quota VALUES(11,1,'120000','service-cluster',2);
INSERT INTO quota VALUES(12,1,'120000','enterprise',2);
INSERT INTO quota VALUES(13,1,'120000','university',2);
INSERT INTO quota VALUES(14,1,'120000','institute',2);
INSERT INTO quota VALUES(15,1,'130000','city',2);
INSERT INTO quota VALUES(16,1,'130000','county',2);
INSERT INTO quota VALUES(17,1,'130000','park',2);
INSERT INTO quota VALUES(18,1,'130000','service-cluster',2);
INSERT INTO quota VALUES(19,1,'130000','enterprise',2);
INSERT INTO quota VALUES(20,1,'130000','university',2);
INSERT INTO quota VALUES(21,1,'130000','institute',2);
INSERT INTO quota VALUES(22,1,'140000','city',2);
INSERT INTO quota VALUES(23,1,'140000','county',2);
INSERT INTO quota VALUES(24,1,'140000','park',2);
INSERT INTO quota VALUES(25,1,'140000','service-cluster',2);
INSERT INTO quota VALUES(26,1,'140000','enterprise',2);
INSERT INTO quota VALUES(27,1,'140000','university',2);
INSERT INTO quota VALUES(28,1,'140000','institute',2);
INSERT INTO quota VALUES(29,1,'150000','city',2);
INSERT INTO quota VALUES(30,1,'150000','county',2);
INSERT INTO quota VALUES(31,1,'150000','park',2);
INSERT INTO quota VALUES(32,1,'150000','service-cluster',2);
INSERT INTO quota VALUES(33,1,'150000','enterprise',2);
INSERT INTO quota VALUES(34,1,'150000','university',2);
INSERT INTO quota VALUES(35,1,'150000','institute',2);
INSERT INTO quota VALUES(36,1,'210000','city',2);
INSERT INTO quota VALUES(37,1,'210000','county',2);
INSERT INTO quota VALUES(38,1,'210000','park',2);
INSERT INTO quota VALUES(39,1,'210000','service-cluster',2);
INSERT INTO quota VALUES(40,1,'210000','enterprise',2);
INSERT INTO quota VALUES(41,1,'210000','university',2);
INSERT INTO quota VALUES(42,1,'210000','institute',2);
INSERT INTO quota VALUES(43,1,'220000','city',2);
INSERT INTO quota VALUES(44,1,'220000','county',2);
INSERT INTO quota VALUES(45,1,'220000','park',2);
INSERT INTO quota VALUES(46,1,'220000','service-cluster',2);
INSERT INTO quota VALUES(47,1,'220000','enterprise',2);
INSERT INTO quota VALUES(48,1,'220000','university',2);
INSERT INTO quota VALUES(49,1,'220000','institute',2);
INSERT INTO quota VALUES(50,1,'230000','city',2);
INSERT INTO quota VALUES(51,1,'230000','county',2);
INSERT INTO quota VALUES(52,1,'230000','park',2);
INSERT INTO quota VALUES(53,1,'230000','service-cluster',2);
INSERT INTO quota VALUES(54,1,'230000','enterprise',2);
INSERT INTO quota VALUES(55,1,'230000','university',2);
INSERT INTO quota VALUES(56,1,'230000','institute',2);
INSERT INTO quota VALUES(57,1,'310000','city',2);
INSERT INTO quota VALUES(58,1,'310000','county',2);
INSERT INTO quota VALUES(59,1,'310000','park',2);
INSERT INTO quota VALUES(60,1,'310000','service-cluster',2);
INSERT INTO quota VALUES(61,1,'310000','enterprise',2);
INSERT INTO quota VALUES(62,1,'310000','university',2);
INSERT INTO quota VALUES(63,1,'310000','institute',2);
INSERT INTO quota VALUES(64,1,'320000','city',2);
INSERT INTO quota VALUES(65,1,'320000','county',2);
INSERT INTO quota VALUES(66,1,'320000','park',2);
INSERT INTO quota VALUES(67,1,'320000','service-cluster',2);
INSERT INTO quota VALUES(68,1,'320000','enterprise',2);
INSERT INTO quota VALUES(69,1,'320000','university',2);
INSERT INTO quota VALUES(70,1,'320000','institute',2);
INSERT INTO quota VALUES(71,1,'330000','city',2);
INSERT INTO quota VALUES(72,1,'330000','county',2);
INSERT INTO quota VALUES(73,1,'330000','park',2);
INSERT INTO quota VALUES(74,1,'330000','service-cluster',2);
INSERT INTO quota VALUES(75,1,'330000','enterprise',2);
INSERT INTO quota VALUES(76,1,'330000','university',2);
INSERT INTO quota VALUES(77,1,'330000','institute',2);
INSERT INTO quota VALUES(78,1,'340000','city',2);
INSERT INTO quota VALUES(79,1,'340000','county',2);
INSERT INTO quota VALUES(80,1,'340000','park',2);
INSERT INTO quota VALUES(81,1,'340000','service-cluster',2);
INSERT INTO quota VALUES(82,1,'340000','enterprise',2);
INSERT INTO quota VALUES(83,1,'340000','university',2);
INSERT INTO quota VALUES(84,1,'340000','institute',2);
INSERT INTO quota VALUES(85,1,'350000','city',2);
INSERT INTO quota VALUES(86,1,'350000','county',2);
INSERT INTO quota VALUES(87,1,'350000','park',2);
INSERT INTO quota VALUES(88,1,'350000','service-cluster',2);
INSERT INTO quota VALUES(89,1,'350000','enterprise',2);
INSERT INTO quota VALUES(90,1,'350000','university',2);
INSERT INTO quota VALUES(91,1,'350000','institute',2);
INSERT INTO quota VALUES(92,1,'360000','city',2);
INSERT INTO quota VALUES(93,1,'360000','county',2);
INSERT INTO quota VALUES(94,1,'360000','park',2);
INSERT INTO quota VALUES(95,1,'360000','service-cluster',2);
INSERT INTO quota VALUES(96,1,'360000','enterprise',2);
INSERT INTO quota VALUES(97,1,'360000','university',2);
INSERT INTO quota VALUES(98,1,'360000','institute',2);
INSERT INTO quota VALUES(99,1,'370000','city',2);
INSERT INTO quota VALUES(100,1,'370000','county',2);
INSERT INTO quota VALUES(101,1,'370000','park',2);
INSERT INTO quota VALUES(102,1,'370000','service-cluster',2);
INSERT INTO quota VALUES(103,1,'370000','enterprise',2);
INSERT INTO quota VALUES(104,1,'370000','university',2);
INSERT INTO quota VALUES(105,1,'370000','institute',2);
INSERT INTO quota VALUES(106,1,'410000','city',2);
INSERT INTO quota VALUES(107,1,'410000','county',2);
INSERT INTO quota VALUES(108,1,'410000','park',2);
INSERT INTO quota VALUES(109,1,'410000','service-cluster',2);
INSERT INTO quota VALUES(110,1,'410000','enterprise',2);
INSERT INTO quota VALUES(111,1,'410000','university',2);
INSERT INTO quota VALUES(112,1,'410000','institute',2);
INSERT INTO quota VALUES(113,1,'420000','city',2);
INSERT INTO quota VALUES(114,1,'420000','county',2);
INSERT INTO quota VALUES(115,1,'420000','park',2);
INSERT INTO quota VALUES(116,1,'420000','service-cluster',2);
INSERT INTO quota VALUES(117,1,'420000','enterprise',2);
INSERT INTO quota VALUES(118,1,'420000','university',2);
INSERT INTO quota VALUES(119,1,'420000','institute',2);
INSERT INTO quota VALUES(120,1,'430000','city',2);
INSERT INTO quota VALUES(121,1,'430000','county',2);
INSERT INTO quota VALUES(122,1,'430000','park',2);
INSERT INTO quota VALUES(123,1,'430000','service-cluster',2);
INSERT INTO quota VALUES(124,1,'430000','enterprise',2);
INSERT INTO quota VALUES(125,1,'430000','university',2);
INSERT INTO quota VALUES(126,1,'430000','institute',2);
INSERT INTO quota VALUES(127,1,'440000','city',2);
INSERT INTO quota VALUES(128,1,'440000','county',2);
INSERT INTO quota VALUES(129,1,'440000','park',2);
INSERT INTO quota VALUES(130,1,'440000','service-cluster',2);
INSERT INTO quota VALUES(131,1,'440000','enterprise',2);
INSERT INTO quota VALUES(132,1,'440000','university',2);
INSERT INTO quota VALUES(133,1,'440000','institute',2);
INSERT INTO quota VALUES(134,1,'450000','city',2);
INSERT INTO quota VALUES(135,1,'450000','county',2);
INSERT INTO quota VALUES(136,1,'450000','park',2);
INSERT INTO quota VALUES(137,1,'450000','service-cluster',2);
INSERT INTO quota VALUES(138,1,'450000','enterprise',2);
INSERT INTO quota VALUES(139,1,'450000','university',2);
INSERT INTO quota VALUES(140,1,'450000','institute',2);
INSERT INTO quota VALUES(141,1,'460000','city',2);
INSERT INTO quota VALUES(142,1,'460000','county',2);
INSERT INTO quota VALUES(143,1,'460000','park',2);
INSERT INTO quota VALUES(144,1,'460000','service-cluster',2);
INSERT INTO quota VALUES(145,1,'460000','enterprise',2);
INSERT INTO quota VALUES(146,1,'460000','university',2);
INSERT INTO quota VALUES(147,1,'460000','institute',2);
INSERT INTO quota VALUES(148,1,'500000','city',2);
INSERT INTO quota VALUES(149,1,'500000','county',2);
INSERT INTO quota VALUES(150,1,'500000','park',2);
INSERT INTO quota VALUES(151,1,'500000','service-cluster',2);
INSERT INTO quota VALUES(152,1,'500000','enterprise',2);
INSERT INTO quota VALUES(153,1,'500000','university',2);
INSERT INTO quota VALUES(154,1,'500000','institute',2);
INSERT INTO quota VALUES(155,1,'510000','city',2);
INSERT INTO quota VALUES(156,1,'510000','county',2);
INSERT INTO quota VALUES(157,1,'510000','park',2);
INSERT INTO quota VALUES(158,1,'510000','service-cluster',2);
INSERT INTO quota VALUES(159,1,'510000','enterprise',2);
INSERT INTO quota VALUES(160,1,'510000','university',2);
INSERT INTO quota VALUES(161,1,'510000','institute',2);
INSERT INTO quota VALUES(162,1,'520000','city',2);
INSERT INTO quota VALUES(163,1,'520000','county',2);
INSERT INTO quota VALUES(164,1,'520000','park',2);
INSERT INTO quota VALUES(165,1,'520000','service-cluster',2);
INSERT INTO quota VALUES(166,1,'520000','enterprise',2);
INSERT INTO quota VALUES(167,1,'520000','university',2);
INSERT INTO quota VALUES(168,1,'520000','institute',2);
INSERT INTO quota VALUES(169,1,'530000','city',2);
INSERT INTO quota VALUES(170,1,'530000','county',2);
INSERT INTO quota VALUES(171,1,'530000','park',2);
INSERT INTO quota VALUES(172,1,'530000','service-cluster',2);
INSERT INTO quota VALUES(173,1,'530000','enterprise',2);
INSERT INTO quota VALUES(174,1,'530000','university',2);
INSERT INTO quota VALUES(175,1,'530000','institute',2);
INSERT INTO quota VALUES(176,1,'540000','city',2);
INSERT INTO quota VALUES(177,1,'540000','county',2);
INSERT INTO quota VALUES(178,1,'540000','park',2);
INSERT INTO quota VALUES(179,1,'540000','service-cluster',2);
INSERT INTO quota VALUES(180,1,'540000','enterprise',2);
INSERT INTO quota VALUES(181,1,'540000','university',2);
INSERT INTO quota VALUES(182,1,'540000','institute',2);
INSERT INTO quota VALUES(183,1,'610000','city',2);
INSERT INTO quota VALUES(184,1,'610000','county',2);
INSERT INTO quota VALUES(185,1,'610000','park',2);
INSERT INTO quota VALUES(186,1,'610000','service-cluster',2);
INSERT INTO quota VALUES(187,1,'610000','enterprise',2);
INSERT INTO quota VALUES(188,1,'610000','university',2);
INSERT INTO quota VALUES(189,1,'610000','institute',2);
INSERT INTO quota VALUES(190,1,'620000','city',2);
INSERT INTO quota VALUES(191,1,'620000','county',2);
INSERT INTO quota VALUES(192,1,'620000','park',2);
INSERT INTO quota VALUES(193,1,'620000','service-cluster',2);
INSERT INTO quota VALUES(194,1,'620000','enterprise',2);
INSERT INTO quota VALUES(195,1,'620000','university',2);
INSERT INTO quota VALUES(196,1,'620000','institute',2);
INSERT INTO quota VALUES(197,1,'630000','city',2);
INSERT INTO quota VALUES(198,1,'630000','county',2);
INSERT INTO quota VALUES(199,1,'630000','park',2);
INSERT INTO quota VALUES(200,1,'630000','service-cluster',2);
INSERT INTO quota VALUES(201,1,'630000','enterprise',2);
INSERT INTO quota VALUES(202,1,'630000','university',2);
INSERT INTO quota VALUES(203,1,'630000','institute',2);
INSERT INTO quota VALUES(204,1,'640000','city',2);
INSERT INTO quota VALUES(205,1,'640000','county',2);
INSERT INTO quota VALUES(206,1,'640000','park',2);
INSERT INTO quota VALUES(207,1,'640000','service-cluster',2);
INSERT INTO quota VALUES(208,1,'640000','enterprise',2);
INSERT INTO quota VALUES(209,1,'640000','university',2);
INSERT INTO quota VALUES(210,1,'640000','institute',2);
INSERT INTO quota VALUES(211,1,'650000','city',2);
INSERT INTO quota VALUES(212,1,'650000','county',2);
INSERT INTO quota VALUES(213,1,'650000','park',2);
INSERT INTO quota VALUES(214,1,'650000','service-cluster',2);
INSERT INTO quota VALUES(215,1,'650000','enterprise',2);
INSERT INTO quota VALUES(216,1,'650000','university',2);
INSERT INTO quota VALUES(217,1,'650000','institute',2);
INSERT INTO quota VALUES(218,1,'660000','city',2);
INSERT INTO quota VALUES(219,1,'660000','county',2);
INSERT INTO quota VALUES(220,1,'660000','park',2);
INSERT INTO quota VALUES(221,1,'660000','service-cluster',2);
INSERT INTO quota VALUES(222,1,'660000','enterprise',2);
INSERT INTO quota VALUES(223,1,'660000','university',2);
INSERT INTO quota VALUES(224,1,'660000','institute',2);
CREATE TABLE quota_change (
	id INTEGER NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	province_code VARCHAR(6) NOT NULL, 
	category VARCHAR(40) NOT NULL, 
	old_places INTEGER, 
	new_places INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	reason TEXT, 
	source VARCHAR(300) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id)
);
INSERT INTO quota_change VALUES(1,1,'110000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(2,1,'110000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(3,1,'110000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(4,1,'110000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(5,1,'110000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(6,1,'110000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(7,1,'110000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(8,1,'120000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(9,1,'120000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(10,1,'120000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(11,1,'120000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(12,1,'120000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(13,1,'120000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(14,1,'120000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(15,1,'130000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(16,1,'130000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(17,1,'130000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(18,1,'130000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(19,1,'130000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(20,1,'130000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(21,1,'130000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(22,1,'140000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(23,1,'140000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(24,1,'140000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(25,1,'140000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(26,1,'140000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(27,1,'140000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(28,1,'140000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(29,1,'150000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(30,1,'150000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(31,1,'150000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(32,1,'150000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(33,1,'150000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(34,1,'150000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(35,1,'150000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(36,1,'210000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(37,1,'210000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(38,1,'210000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(39,1,'210000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(40,1,'210000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(41,1,'210000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(42,1,'210000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(43,1,'220000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(44,1,'220000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(45,1,'220000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(46,1,'220000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(47,1,'220000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(48,1,'220000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(49,1,'220000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(50,1,'230000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(51,1,'230000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(52,1,'230000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(53,1,'230000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(54,1,'230000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(55,1,'230000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(56,1,'230000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(57,1,'310000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(58,1,'310000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(59,1,'310000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(60,1,'310000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(61,1,'310000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(62,1,'310000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(63,1,'310000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(64,1,'320000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(65,1,'320000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(66,1,'320000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(67,1,'320000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(68,1,'320000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(69,1,'320000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(70,1,'320000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(71,1,'330000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(72,1,'330000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(73,1,'330000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(74,1,'330000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(75,1,'330000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(76,1,'330000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(77,1,'330000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(78,1,'340000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(79,1,'340000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(80,1,'340000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(81,1,'340000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(82,1,'340000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(83,1,'340000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(84,1,'340000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(85,1,'350000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(86,1,'350000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(87,1,'350000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(88,1,'350000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(89,1,'350000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(90,1,'350000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(91,1,'350000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(92,1,'360000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(93,1,'360000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(94,1,'360000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(95,1,'360000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(96,1,'360000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(97,1,'360000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(98,1,'360000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(99,1,'370000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(100,1,'370000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(101,1,'370000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(102,1,'370000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(103,1,'370000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(104,1,'370000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(105,1,'370000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(106,1,'410000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(107,1,'410000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(108,1,'410000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(109,1,'410000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(110,1,'410000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(111,1,'410000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(112,1,'410000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(113,1,'420000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(114,1,'420000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(115,1,'420000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(116,1,'420000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(117,1,'420000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(118,1,'420000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(119,1,'420000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(120,1,'430000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(121,1,'430000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(122,1,'430000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(123,1,'430000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(124,1,'430000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(125,1,'430000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(126,1,'430000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(127,1,'440000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(128,1,'440000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(129,1,'440000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(130,1,'440000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(131,1,'440000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(132,1,'440000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(133,1,'440000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(134,1,'450000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(135,1,'450000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(136,1,'450000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(137,1,'450000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(138,1,'450000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(139,1,'450000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(140,1,'450000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(141,1,'460000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(142,1,'460000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(143,1,'460000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(144,1,'460000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(145,1,'460000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(146,1,'460000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(147,1,'460000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(148,1,'500000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(149,1,'500000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(150,1,'500000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(151,1,'500000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(152,1,'500000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(153,1,'500000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(154,1,'500000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(155,1,'510000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(156,1,'510000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(157,1,'510000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(158,1,'510000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(159,1,'510000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(160,1,'510000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(161,1,'510000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(162,1,'520000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(163,1,'520000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(164,1,'520000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(165,1,'520000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(166,1,'520000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(167,1,'520000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(168,1,'520000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(169,1,'530000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(170,1,'530000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(171,1,'530000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(172,1,'530000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(173,1,'530000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(174,1,'530000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(175,1,'530000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(176,1,'540000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(177,1,'540000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(178,1,'540000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(179,1,'540000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(180,1,'540000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(181,1,'540000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(182,1,'540000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(183,1,'610000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(184,1,'610000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(185,1,'610000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(186,1,'610000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(187,1,'610000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(188,1,'610000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(189,1,'610000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(190,1,'620000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(191,1,'620000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(192,1,'620000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(193,1,'620000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(194,1,'620000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(195,1,'620000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(196,1,'620000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(197,1,'630000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(198,1,'630000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(199,1,'630000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(200,1,'630000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(201,1,'630000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(202,1,'630000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(203,1,'630000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(204,1,'640000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(205,1,'640000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(206,1,'640000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(207,1,'640000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(208,1,'640000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(209,1,'640000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(210,1,'640000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(211,1,'650000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(212,1,'650000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(213,1,'650000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(214,1,'650000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(215,1,'650000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(216,1,'650000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(217,1,'650000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(218,1,'660000','city',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(219,1,'660000','county',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(220,1,'660000','park',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(221,1,'660000','service-cluster',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(222,1,'660000','enterprise',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(223,1,'660000','university',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
INSERT INTO quota_change VALUES(224,1,'660000','institute',NULL,2,'2025-09-15 10:00:00.000000','national','附件2','fill');
CREATE TABLE overlay (
	id INTEGER NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	province_code VARCHAR(6) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	text TEXT NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	source VARCHAR(500) NOT NULL, 
	loaded_at DATETIME NOT NULL, 
	loaded_by VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id)
);
CREATE TABLE liaison_receipt (
	id INTEGER NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	province_code VARCHAR(6) NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	title VARCHAR(80) NOT NULL, 
	phone VARCHAR(40) NOT NULL, 
	mobile VARCHAR(20) NOT NULL, 
	email VARCHAR(200) NOT NULL, 
	filed_at DATETIME NOT NULL, 
	filed_by VARCHAR(80) NOT NULL, 
	amended_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (cycle_id, province_code), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id)
);
INSERT INTO liaison_receipt VALUES(1,1,'320000','张三','处长','025-1234567','13800000000','liaison@js.example','2025-09-15 10:00:00.000000','province:320000',NULL);
CREATE TABLE outbox (
	id INTEGER NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	cycle_id INTEGER, 
	kind VARCHAR(40) NOT NULL, 
	audience VARCHAR(80) NOT NULL, 
	milestone VARCHAR(80), 
	offset_days INTEGER, 
	recipient VARCHAR(80) NOT NULL, 
	recipient_name VARCHAR(200) NOT NULL, 
	address VARCHAR(200), 
	subject VARCHAR(500) NOT NULL, 
	body_text TEXT NOT NULL, 
	body_html TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	send_after DATETIME NOT NULL, 
	expires_at DATETIME, 
	status VARCHAR(20) NOT NULL, 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME, 
	claim_token VARCHAR(40), 
	claimed_until DATETIME, 
	sent_at DATETIME, 
	smtp_reply TEXT, 
	applications JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id)
);
INSERT INTO outbox VALUES(1,'c1/event/3/province:320000',1,'stage-change','stage-change',NULL,NULL,'province:320000','江苏省知识产权局（联络员张三）','liaison@js.example','【进展】知识产权强国建设示范创建：昆山市人民政府（国家知识产权强县建设示范县）进入“省级审核”',replace('江苏省知识产权局（联络员张三）：\n\n昆山市人民政府申报的“国家知识产权强县建设示范县”（申报编号 1）状态已变更：\n\n  填写申报书 → 省级审核\n  办理时间：2025年9月15日（星期一） 10:00\n\n查询进展：ipcycle history 1\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【进展】知识产权强国建设示范创建：昆山市人民政府（国家知识产权强县建设示范县）进入“省级审核”</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>江苏省知识产权局（联络员张三）：</p>\n<p>昆山市人民政府申报的“国家知识产权强县建设示范县”（申报编号 1）状态已变更：</p>\n<table>\n<tr><td>状态</td><td>填写申报书 → <strong>省级审核</strong></td></tr>\n<tr><td>办理时间</td><td>2025年9月15日（星期一） 10:00</td></tr>\n</table>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 10:00:00.000000',NULL,'sent',1,NULL,NULL,NULL,'2025-09-15 10:00:00.000000','250 saved to /tmp/oldb/sink/20261201T161901940039Z-0001-liaison@js.example.eml','[]');
INSERT INTO outbox VALUES(2,'c1/event/4/province:320000',1,'stage-change','stage-change',NULL,NULL,'province:320000','江苏省知识产权局（联络员张三）','liaison@js.example','【进展】知识产权强国建设示范创建：常熟市人民政府（国家知识产权强县建设示范县）进入“省级审核”',replace('江苏省知识产权局（联络员张三）：\n\n常熟市人民政府申报的“国家知识产权强县建设示范县”（申报编号 2）状态已变更：\n\n  填写申报书 → 省级审核\n  办理时间：2025年9月15日（星期一） 10:00\n\n查询进展：ipcycle history 2\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【进展】知识产权强国建设示范创建：常熟市人民政府（国家知识产权强县建设示范县）进入“省级审核”</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>江苏省知识产权局（联络员张三）：</p>\n<p>常熟市人民政府申报的“国家知识产权强县建设示范县”（申报编号 2）状态已变更：</p>\n<table>\n<tr><td>状态</td><td>填写申报书 → <strong>省级审核</strong></td></tr>\n<tr><td>办理时间</td><td>2025年9月15日（星期一） 10:00</td></tr>\n</table>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 10:00:00.000000',NULL,'sent',1,NULL,NULL,NULL,'2025-09-15 10:00:00.000000','250 saved to /tmp/oldb/sink/20261201T161901940039Z-0002-liaison@js.example.eml','[]');
INSERT INTO outbox VALUES(3,'c1/event/5/org:33',1,'stage-change','stage-change',NULL,NULL,'org:33','昆山市人民政府','ks@example.cn','【进展】知识产权强国建设示范创建：昆山市人民政府（国家知识产权强县建设示范县）进入“省级公示”',replace('昆山市人民政府：\n\n昆山市人民政府申报的“国家知识产权强县建设示范县”（申报编号 1）状态已变更：\n\n  省级审核 → 省级公示\n  办理时间：2025年9月15日（星期一） 10:00\n  说明：择优推荐\n\n查询进展：ipcycle history 1\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【进展】知识产权强国建设示范创建：昆山市人民政府（国家知识产权强县建设示范县）进入“省级公示”</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>昆山市人民政府：</p>\n<p>昆山市人民政府申报的“国家知识产权强县建设示范县”（申报编号 1）状态已变更：</p>\n<table>\n<tr><td>状态</td><td>省级审核 → <strong>省级公示</strong></td></tr>\n<tr><td>办理时间</td><td>2025年9月15日（星期一） 10:00</td></tr>\n<tr><td>说明</td><td>择优推荐</td></tr></table>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 10:00:00.000000',NULL,'sent',1,NULL,NULL,NULL,'2025-09-15 10:00:00.000000','250 saved to /tmp/oldb/sink/20261201T161901940039Z-0003-ks@example.cn.eml','[]');
INSERT INTO outbox VALUES(4,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:110000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:110000','北京市知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('北京市知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>北京市知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(5,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:120000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:120000','天津市知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('天津市知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>天津市知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(6,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:130000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:130000','河北省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('河北省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>河北省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(7,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:140000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:140000','山西省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('山西省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>山西省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(8,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:150000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:150000','内蒙古自治区知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('内蒙古自治区知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>内蒙古自治区知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(9,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:210000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:210000','辽宁省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('辽宁省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>辽宁省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(10,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:220000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:220000','吉林省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('吉林省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>吉林省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(11,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:230000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:230000','黑龙江省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('黑龙江省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>黑龙江省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(12,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:310000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:310000','上海市知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('上海市知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>上海市知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(13,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:330000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:330000','浙江省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('浙江省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>浙江省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(14,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:340000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:340000','安徽省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('安徽省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>安徽省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(15,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:350000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:350000','福建省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('福建省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>福建省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(16,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:360000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:360000','江西省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('江西省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>江西省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(17,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:370000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:370000','山东省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('山东省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>山东省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(18,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:410000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:410000','河南省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('河南省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>河南省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(19,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:420000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:420000','湖北省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('湖北省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>湖北省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(20,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:430000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:430000','湖南省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('湖南省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>湖南省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(21,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:440000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:440000','广东省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('广东省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>广东省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(22,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:450000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:450000','广西壮族自治区知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('广西壮族自治区知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>广西壮族自治区知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(23,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:460000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:460000','海南省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('海南省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>海南省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(24,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:500000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:500000','重庆市知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('重庆市知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>重庆市知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(25,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:510000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:510000','四川省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('四川省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>四川省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(26,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:520000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:520000','贵州省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('贵州省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>贵州省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(27,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:530000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:530000','云南省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('云南省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>云南省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(28,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:540000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:540000','西藏自治区知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('西藏自治区知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>西藏自治区知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(29,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:610000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:610000','陕西省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('陕西省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>陕西省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(30,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:620000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:620000','甘肃省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('甘肃省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>甘肃省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(31,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:630000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:630000','青海省知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('青海省知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>青海省知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(32,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:640000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:640000','宁夏回族自治区知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('宁夏回族自治区知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>宁夏回族自治区知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(33,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:650000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:650000','新疆维吾尔自治区知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('新疆维吾尔自治区知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>新疆维吾尔自治区知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(34,'c1/liaison-receipt/provinces-without-liaison-receipt/5/province:660000',1,'liaison-receipt','provinces-without-liaison-receipt','liaison-receipt',5,'province:660000','新疆生产建设兵团知识产权局',NULL,'【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））',replace('新疆生产建设兵团知识产权局：\n\n根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。\n\n尚未完成的事项：\n  - 工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）\n\n回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（ipcycle liaison file），或发送至下方电子邮箱。\n已报送的，请忽略本邮件。\n\n如有疑问，请联系：\n  示范市、示范县工作：吕律，电话 010-62083864\n  示范园区、示范企业工作：徐俊峰，电话 010-62086568\n  服务业高质量集聚发展示范区工作：王强，电话 010-62084788\n  示范高校、示范科研机构工作：王海军，电话 010-62084027\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>新疆生产建设兵团知识产权局：</p>\n<p>根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排，请各省级知识产权管理部门报送工作联络员回执。截止日期为2025年9月19日（星期五），距截止还有4个工作日。</p>\n<p>尚未完成的事项：</p>\n<ul><li>工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）</li></ul>\n<p>回执内容：联络员姓名、职务、办公电话、手机、电子邮箱。报送方式：在系统中填报（<code>ipcycle liaison file</code>），或发送至下方电子邮箱。已报送的，请忽略本邮件。</p>\n<p>如有疑问，请联系：</p>\n<ul>\n  <li>示范市、示范县工作：吕律，电话 010-62083864</li>\n  <li>示范园区、示范企业工作：徐俊峰，电话 010-62086568</li>\n  <li>服务业高质量集聚发展示范区工作：王强，电话 010-62084788</li>\n  <li>示范高校、示范科研机构工作：王海军，电话 010-62084027</li>\n</ul>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','no-address',0,NULL,NULL,NULL,NULL,NULL,'[]');
INSERT INTO outbox VALUES(35,'c1/liaison-receipt/provinces-without-liaison-receipt/5/national/missing-address',1,'missing-address','provinces-without-liaison-receipt','liaison-receipt',5,'national','国家知识产权局','zLzL@cnipa.gov.cn','【无法送达】知识产权强国建设示范创建：31个单位没有邮件地址，未能提醒报送工作联络员回执',replace('国家知识产权局：\n\n系统按计划于2025年9月15日（星期一）提醒报送工作联络员回执（截止2025年9月19日（星期五）），但以下单位在系统中没有邮件地址，提醒未能发出：\n  1. 北京市知识产权局：未报送联络员回执\n  2. 天津市知识产权局：未报送联络员回执\n  3. 河北省知识产权局：未报送联络员回执\n  4. 山西省知识产权局：未报送联络员回执\n  5. 内蒙古自治区知识产权局：未报送联络员回执\n  6. 辽宁省知识产权局：未报送联络员回执\n  7. 吉林省知识产权局：未报送联络员回执\n  8. 黑龙江省知识产权局：未报送联络员回执\n  9. 上海市知识产权局：未报送联络员回执\n  10. 浙江省知识产权局：未报送联络员回执\n  11. 安徽省知识产权局：未报送联络员回执\n  12. 福建省知识产权局：未报送联络员回执\n  13. 江西省知识产权局：未报送联络员回执\n  14. 山东省知识产权局：未报送联络员回执\n  15. 河南省知识产权局：未报送联络员回执\n  16. 湖北省知识产权局：未报送联络员回执\n  17. 湖南省知识产权局：未报送联络员回执\n  18. 广东省知识产权局：未报送联络员回执\n  19. 广西壮族自治区知识产权局：未报送联络员回执\n  20. 海南省知识产权局：未报送联络员回执\n  21. 重庆市知识产权局：未报送联络员回执\n  22. 四川省知识产权局：未报送联络员回执\n  23. 贵州省知识产权局：未报送联络员回执\n  24. 云南省知识产权局：未报送联络员回执\n  25. 西藏自治区知识产权局：未报送联络员回执\n  26. 陕西省知识产权局：未报送联络员回执\n  27. 甘肃省知识产权局：未报送联络员回执\n  28. 青海省知识产权局：未报送联络员回执\n  29. 宁夏回族自治区知识产权局：未报送联络员回执\n  30. 新疆维吾尔自治区知识产权局：未报送联络员回执\n  另有1个单位未列出。\n\n请通过电话等方式通知，并补充其邮件地址：省级知识产权局的地址可用命令 ipcycle liaison offices import FILE 导入（CSV，每行“区划代码,邮箱”），其他单位的地址通过机构名录导入（ipcycle org import FILE）；省份提交联络员回执后即改发联络员。\n\n电子邮箱：zLzL@cnipa.gov.cn\n\n国家知识产权局\n2025年9月15日（星期一）\n\n（本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。）\n','\n',char(10)),replace('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>【无法送达】知识产权强国建设示范创建：31个单位没有邮件地址，未能提醒报送工作联络员回执</title></head>\n<body style="font-family: sans-serif; line-height: 1.6">\n<p>国家知识产权局：</p>\n<p>系统按计划于2025年9月15日（星期一）提醒报送工作联络员回执（截止2025年9月19日（星期五）），但以下单位在系统中没有邮件地址，提醒未能发出：</p>\n<ol><li>北京市知识产权局：未报送联络员回执</li><li>天津市知识产权局：未报送联络员回执</li><li>河北省知识产权局：未报送联络员回执</li><li>山西省知识产权局：未报送联络员回执</li><li>内蒙古自治区知识产权局：未报送联络员回执</li><li>辽宁省知识产权局：未报送联络员回执</li><li>吉林省知识产权局：未报送联络员回执</li><li>黑龙江省知识产权局：未报送联络员回执</li><li>上海市知识产权局：未报送联络员回执</li><li>浙江省知识产权局：未报送联络员回执</li><li>安徽省知识产权局：未报送联络员回执</li><li>福建省知识产权局：未报送联络员回执</li><li>江西省知识产权局：未报送联络员回执</li><li>山东省知识产权局：未报送联络员回执</li><li>河南省知识产权局：未报送联络员回执</li><li>湖北省知识产权局：未报送联络员回执</li><li>湖南省知识产权局：未报送联络员回执</li><li>广东省知识产权局：未报送联络员回执</li><li>广西壮族自治区知识产权局：未报送联络员回执</li><li>海南省知识产权局：未报送联络员回执</li><li>重庆市知识产权局：未报送联络员回执</li><li>四川省知识产权局：未报送联络员回执</li><li>贵州省知识产权局：未报送联络员回执</li><li>云南省知识产权局：未报送联络员回执</li><li>西藏自治区知识产权局：未报送联络员回执</li><li>陕西省知识产权局：未报送联络员回执</li><li>甘肃省知识产权局：未报送联络员回执</li><li>青海省知识产权局：未报送联络员回执</li><li>宁夏回族自治区知识产权局：未报送联络员回执</li><li>新疆维吾尔自治区知识产权局：未报送联络员回执</li></ol>\n<p>另有1个单位未列出。</p><p>请通过电话等方式通知，并补充其邮件地址：省级知识产权局的地址可用命令 ipcycle liaison offices import FILE 导入（CSV，每行“区划代码,邮箱”），其他单位的地址通过机构名录导入（ipcycle org import FILE）；省份提交联络员回执后即改发联络员。</p>\n<p>电子邮箱：<a href="mailto:zLzL@cnipa.gov.cn">zLzL@cnipa.gov.cn</a></p><p>国家知识产权局<br>2025年9月15日（星期一）</p>\n<p style="color: #666; font-size: small">本邮件由系统根据《知识产权强国建设示范创建》（国知发运字〔2025〕28号）的工作安排自动发送。</p>\n</body></html>\n','\n',char(10)),'2025-09-15 10:00:00.000000','2025-09-15 09:00:00.000000','2025-09-20 00:00:00.000000','sent',1,NULL,NULL,NULL,'2025-09-15 10:00:00.000000','250 saved to /tmp/oldb/sink/20261201T161901940039Z-0004-zLzL@cnipa.gov.cn.eml','[]');
CREATE TABLE event (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	event VARCHAR(40) NOT NULL, 
	from_stage VARCHAR(40), 
	to_stage VARCHAR(40) NOT NULL, 
	reason TEXT, 
	verdicts JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
INSERT INTO event VALUES(1,1,'2025-09-15 10:00:00.000000','applicant:33','applicant','apply',NULL,'draft',NULL,'[{"rule": "ROLE", "ok": true, "reason_zh": "\u7531\u7533\u62a5\u5355\u4f4d\u529e\u7406", "reason_en": "done by applicant:33"}, {"rule": "B4", "ok": true, "reason_zh": "\u5728\u529e\u7406\u671f\u9650\u5185\uff08\u622a\u81f32025\u5e7410\u670824\u65e5\uff09", "reason_en": "within the window (to 2025-10-24)"}, {"rule": "B2", "ok": true, "reason_zh": "\u7533\u62a5\u5355\u4f4d\u7c7b\u578b\u4e3a\u4eba\u6c11\u653f\u5e9c", "reason_en": "organisation kind is government"}, {"rule": "B2", "ok": true, "reason_zh": "\u6c5f\u82cf\u7701\u82cf\u5dde\u5e02\u6606\u5c71\u5e02\u4e3a\u53bf\u7ea7\u5e02\uff0c\u7b26\u5408\u201c\u76f4\u8f96\u5e02\u4e0b\u8f96\u53bf\u3001\u7701\u76f4\u7ba1\u53bf\u3001\u5175\u56e2\u4e0b\u8f96\u5e02\u548c\u526f\u7701\u7ea7\u57ce\u5e02\u3001\u5730\u7ea7\u5e02\uff08\u5730\u533a\u3001\u5dde\u3001\u76df\uff09\u7684\u5e02\u8f96\u533a\uff08\u5e02\u3001\u53bf\u3001\u65d7\uff09\u4eba\u6c11\u653f\u5e9c\u201d\uff08\u533a\u5212\u6570\u636e2025-11\uff09", "reason_en": "\u6606\u5c71\u5e02 320583 is a county-level-city, one of county, county-level-city, city-district, province-administered, xpcc-city (division data of 2025-11)"}, {"rule": "B5", "ok": true, "reason_zh": "\u6b64\u524d\u672a\u8ba4\u5b9a\u4e3a\u8be5\u7c7b\u793a\u8303\u5355\u4f4d", "reason_en": "not recognised in this category before"}]');
INSERT INTO event VALUES(2,2,'2025-09-15 10:00:00.000000','applicant:34','applicant','apply',NULL,'draft',NULL,'[{"rule": "ROLE", "ok": true, "reason_zh": "\u7531\u7533\u62a5\u5355\u4f4d\u529e\u7406", "reason_en": "done by applicant:34"}, {"rule": "B4", "ok": true, "reason_zh": "\u5728\u529e\u7406\u671f\u9650\u5185\uff08\u622a\u81f32025\u5e7410\u670824\u65e5\uff09", "reason_en": "within the window (to 2025-10-24)"}, {"rule": "B2", "ok": true, "reason_zh": "\u7533\u62a5\u5355\u4f4d\u7c7b\u578b\u4e3a\u4eba\u6c11\u653f\u5e9c", "reason_en": "organisation kind is government"}, {"rule": "B2", "ok": true, "reason_zh": "\u6c5f\u82cf\u7701\u82cf\u5dde\u5e02\u5e38\u719f\u5e02\u4e3a\u53bf\u7ea7\u5e02\uff0c\u7b26\u5408\u201c\u76f4\u8f96\u5e02\u4e0b\u8f96\u53bf\u3001\u7701\u76f4\u7ba1\u53bf\u3001\u5175\u56e2\u4e0b\u8f96\u5e02\u548c\u526f\u7701\u7ea7\u57ce\u5e02\u3001\u5730\u7ea7\u5e02\uff08\u5730\u533a\u3001\u5dde\u3001\u76df\uff09\u7684\u5e02\u8f96\u533a\uff08\u5e02\u3001\u53bf\u3001\u65d7\uff09\u4eba\u6c11\u653f\u5e9c\u201d\uff08\u533a\u5212\u6570\u636e2025-11\uff09", "reason_en": "\u5e38\u719f\u5e02 320581 is a county-level-city, one of county, county-level-city, city-district, province-administered, xpcc-city (division data of 2025-11)"}, {"rule": "B5", "ok": true, "reason_zh": "\u6b64\u524d\u672a\u8ba4\u5b9a\u4e3a\u8be5\u7c7b\u793a\u8303\u5355\u4f4d", "reason_en": "not recognised in this category before"}]');
INSERT INTO event VALUES(3,1,'2025-09-15 10:00:00.000000','applicant:33','applicant','submit','draft','provincial_review',NULL,'[{"rule": "ROLE", "ok": true, "reason_zh": "\u7531\u7533\u62a5\u5355\u4f4d\u529e\u7406", "reason_en": "done by applicant:33"}, {"rule": "B4", "ok": true, "reason_zh": "\u5728\u529e\u7406\u671f\u9650\u5185\uff08\u622a\u81f32025\u5e7410\u670824\u65e5\uff09", "reason_en": "within the window (to 2025-10-24)"}, {"rule": "B3", "ok": true, "reason_zh": "\u5df2\u9010\u9879\u627f\u8bfa\u7b26\u5408\u7533\u62a5\u6761\u4ef6", "reason_en": "every condition has been attested"}, {"rule": "B4", "ok": true, "reason_zh": "\u7533\u62a5\u6750\u6599\u9f50\u5168\uff081\u9879\uff09", "reason_en": "all 1 materials are on record"}]');
INSERT INTO event VALUES(4,2,'2025-09-15 10:00:00.000000','applicant:34','applicant','submit','draft','provincial_review',NULL,'[{"rule": "ROLE", "ok": true, "reason_zh": "\u7531\u7533\u62a5\u5355\u4f4d\u529e\u7406", "reason_en": "done by applicant:34"}, {"rule": "B4", "ok": true, "reason_zh": "\u5728\u529e\u7406\u671f\u9650\u5185\uff08\u622a\u81f32025\u5e7410\u670824\u65e5\uff09", "reason_en": "within the window (to 2025-10-24)"}, {"rule": "B3", "ok": true, "reason_zh": "\u5df2\u9010\u9879\u627f\u8bfa\u7b26\u5408\u7533\u62a5\u6761\u4ef6", "reason_en": "every condition has been attested"}, {"rule": "B4", "ok": true, "reason_zh": "\u7533\u62a5\u6750\u6599\u9f50\u5168\uff081\u9879\uff09", "reason_en": "all 1 materials are on record"}]');
INSERT INTO event VALUES(5,1,'2025-09-15 10:00:00.000000','province:320000','province','recommend','provincial_review','provincial_notice','择优推荐','[{"rule": "ROLE", "ok": true, "reason_zh": "\u7531\u7701\u7ea7\u77e5\u8bc6\u4ea7\u6743\u5c40\u529e\u7406", "reason_en": "done by province:320000"}, {"rule": "B4", "ok": true, "reason_zh": "\u5728\u529e\u7406\u671f\u9650\u5185\uff08\u622a\u81f32025\u5e7410\u670824\u65e5\uff09", "reason_en": "within the window (to 2025-10-24)"}, {"rule": "B3", "ok": true, "reason_zh": "\u7701\u7ea7\u5ba1\u6838\u8ba4\u5b9a\u5404\u9879\u6761\u4ef6\u5747\u7b26\u5408", "reason_en": "the province found every attested condition met"}, {"rule": "B4", "ok": true, "reason_zh": "\u6c5f\u82cf\u7701\u8be5\u7c7b\u522b\u63a8\u8350\u540d\u989d2\u4e2a\uff0c\u5df2\u63a8\u83500\u4e2a", "reason_en": "quota 2 for 320000 in county; 0 recommended so far"}]');
CREATE TABLE timer (
	id INTEGER NOT NULL, 
	"key" VARCHAR(200) NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	application_id INTEGER, 
	due_at DATETIME NOT NULL, 
	event VARCHAR(40) NOT NULL, 
	stages JSON NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	done_at DATETIME, 
	outcome TEXT, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
INSERT INTO timer VALUES(1,'cycle:1:milestone:recommendation:expire',1,NULL,'2025-10-25 00:00:00.000000','expire','["draft"]','pending',NULL,NULL);
INSERT INTO timer VALUES(2,'cycle:1:milestone:recommendation:close_unreported',1,NULL,'2025-10-25 00:00:00.000000','close_unreported','["provincial_review", "provincial_notice", "provincial_objection"]','pending',NULL,NULL);
INSERT INTO timer VALUES(3,'cycle:1:milestone:acceptance:lapse',1,NULL,'2028-01-01 00:00:00.000000','lapse','["in_creation", "acceptance_review"]','pending',NULL,NULL);
CREATE TABLE prefecture_endorsement (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	prefecture_code VARCHAR(6) NOT NULL, 
	endorsed BOOLEAN NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
CREATE TABLE attestation (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (application_id, number), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
INSERT INTO attestation VALUES(1,1,1,'2025-09-15 10:00:00.000000','applicant:33');
INSERT INTO attestation VALUES(2,1,2,'2025-09-15 10:00:00.000000','applicant:33');
INSERT INTO attestation VALUES(3,1,3,'2025-09-15 10:00:00.000000','applicant:33');
INSERT INTO attestation VALUES(4,2,1,'2025-09-15 10:00:00.000000','applicant:34');
INSERT INTO attestation VALUES(5,2,2,'2025-09-15 10:00:00.000000','applicant:34');
INSERT INTO attestation VALUES(6,2,3,'2025-09-15 10:00:00.000000','applicant:34');
CREATE TABLE finding (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	met BOOLEAN NOT NULL, 
	note TEXT, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
INSERT INTO finding VALUES(1,1,1,1,NULL,'2025-09-15 10:00:00.000000','province:320000');
INSERT INTO finding VALUES(2,1,2,1,NULL,'2025-09-15 10:00:00.000000','province:320000');
INSERT INTO finding VALUES(3,1,3,1,NULL,'2025-09-15 10:00:00.000000','province:320000');
CREATE TABLE material (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	material_id VARCHAR(80) NOT NULL, 
	filename VARCHAR(300) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	content BLOB NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
INSERT INTO material VALUES(1,1,'application-form','ipcycle-test-申报书.pdf','d663640088750cf16276d623c2588d7233f2b84b45f4b2e20832f47b16aa5618',13,X'255044462d312e342074657374','2025-09-15 10:00:00.000000','applicant:33');
INSERT INTO material VALUES(2,2,'application-form','ipcycle-test-申报书.pdf','d663640088750cf16276d623c2588d7233f2b84b45f4b2e20832f47b16aa5618',13,X'255044462d312e342074657374','2025-09-15 10:00:00.000000','applicant:34');
CREATE TABLE fraud_finding (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	reason TEXT NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
CREATE TABLE case_text (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	phase INTEGER, 
	theme VARCHAR(200), 
	title TEXT NOT NULL, 
	name TEXT NOT NULL, 
	abstract TEXT, 
	contact VARCHAR(200), 
	region_given VARCHAR(200), 
	region VARCHAR(200), 
	region_code VARCHAR(6), 
	basic TEXT NOT NULL, 
	practices TEXT NOT NULL, 
	effects TEXT NOT NULL, 
	next_steps TEXT NOT NULL, 
	count_mode VARCHAR(10) NOT NULL, 
	total_count INTEGER NOT NULL, 
	total_chars INTEGER NOT NULL, 
	source VARCHAR(500) NOT NULL, 
	submitted_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (application_id), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
CREATE TABLE published_case (
	id INTEGER NOT NULL, 
	programme_id VARCHAR(80) NOT NULL, 
	edition INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	name TEXT NOT NULL, 
	abstract TEXT NOT NULL, 
	list_title VARCHAR(200) NOT NULL, 
	application_id INTEGER, 
	source VARCHAR(500) NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (programme_id, edition, number), 
	FOREIGN KEY(application_id) REFERENCES application (id)
);
CREATE TABLE criticism (
	id INTEGER NOT NULL, 
	cycle_id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	fraud_finding_id INTEGER NOT NULL, 
	target VARCHAR(40) NOT NULL, 
	division_code VARCHAR(6) NOT NULL, 
	body VARCHAR(200) NOT NULL, 
	reason TEXT NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cycle_id) REFERENCES cycle (id), 
	FOREIGN KEY(application_id) REFERENCES application (id), 
	FOREIGN KEY(fraud_finding_id) REFERENCES fraud_finding (id)
);
CREATE INDEX ix_programme_version_programme_id ON programme_version (programme_id);
CREATE INDEX ix_organisation_division_code ON organisation (division_code);
CREATE INDEX ix_pilot_designation_division_code ON pilot_designation (division_code);
CREATE INDEX ix_recognition_organisation_id ON recognition (organisation_id);
CREATE INDEX ix_application_cycle_stage ON application (cycle_id, stage);
CREATE INDEX ix_quota_change_cycle_id ON quota_change (cycle_id);
CREATE INDEX ix_overlay_cycle_id ON overlay (cycle_id);
CREATE INDEX ix_outbox_due ON outbox (status, send_after);
CREATE INDEX ix_outbox_occasion ON outbox (cycle_id, milestone, offset_days);
CREATE INDEX ix_event_application_id ON event (application_id);
CREATE INDEX ix_timer_due ON timer (status, due_at);
CREATE INDEX ix_prefecture_endorsement_application_id ON prefecture_endorsement (application_id);
CREATE INDEX ix_attestation_application_id ON attestation (application_id);
CREATE INDEX ix_finding_application_id ON finding (application_id);
CREATE INDEX ix_material_application_id ON material (application_id);
CREATE INDEX ix_fraud_finding_application_id ON fraud_finding (application_id);
CREATE INDEX ix_criticism_cycle_id ON criticism (cycle_id);
COMMIT;
