"""The two questionnaires of the seeds 业主调查表 (SPEC §5), installed by a data migration and by the demo.

Plain data and a function that takes the model classes, so the data migration runs it on the historical
models (it imports no model here). The office edits them, or makes more, in the admin.

- Seed 002 (住户意见调查和回访制度, 一、1): 保安服务, 保洁服务, 车辆管理, 维修服务, 餐饮服务, 娱乐服务; rated on the
  3-level scale of the same seed's procedure (4.1.4 b: 很满意 / 基本满意 / 不满意).
- Seed 004 (业主意见调查和回访制度, 一): 供电管理, 供水管理, 消防治安管理, 卫生管理, 绿化管理, 公共设施管理,
  维修服务, 服务态度; rated on the 5-level scale of seed 002's company procedure (四、1(3)②).

Each item names the kind of department responsible for it (rectification goes to the department of that
kind in the survey's estate): power, water and the public facilities are the engineering department's
work; fire safety goes with security (消防治安); sanitation is cleaning; catering, recreation and the
service attitude are the customer service centre's, which runs the clubhouse and the front desk.
"""

SCALE_THREE, SCALE_FIVE = "3", "5"  # surveys.choices.Scale
OPINION_PROMPT = "您对我们的管理和服务还有哪些意见和建议？"

TEMPLATES = [
    {
        "name": "业主调查表（六项服务·三级评价）",
        "scale": SCALE_THREE,
        "items": [
            ("保安服务", "security"),
            ("保洁服务", "cleaning"),
            ("车辆管理", "parking"),
            ("维修服务", "engineering"),
            ("餐饮服务", "customer_service"),
            ("娱乐服务", "customer_service"),
        ],
    },
    {
        "name": "业主调查表（八项管理·五级评价）",
        "scale": SCALE_FIVE,
        "items": [
            ("供电管理", "engineering"),
            ("供水管理", "engineering"),
            ("消防治安管理", "security"),
            ("卫生管理", "cleaning"),
            ("绿化管理", "greening"),
            ("公共设施管理", "engineering"),
            ("维修服务", "engineering"),
            ("服务态度", "customer_service"),
        ],
    },
]


def install_templates(Questionnaire, QuestionnaireItem):
    """Create the seed questionnaires that are missing (by name); one the office already has is left as
    it is. Returns the questionnaires, in the order above."""
    installed = []
    for template in TEMPLATES:
        questionnaire, created = Questionnaire.objects.get_or_create(
            name=template["name"], defaults={"scale": template["scale"], "opinion_prompt": OPINION_PROMPT}
        )
        if created:
            QuestionnaireItem.objects.bulk_create(
                QuestionnaireItem(questionnaire=questionnaire, position=position, name=name, department_kind=kind)
                for position, (name, kind) in enumerate(template["items"], start=1)
            )
        installed.append(questionnaire)
    return installed
