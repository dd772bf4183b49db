"""What villagers say under the demo proposals, by category (``yishi demo``): a comment
about mud belongs under a road, not under street lights."""

from __future__ import annotations

from comments.models import Stance
from projects.models import Category

C, S = Category, Stance

# Per category: comments in the order they come in (the neutral one is a question the
# official answers), and that answer.
TALK: dict[Category, tuple[list[tuple[Stance, str]], str]] = {
    C.ROAD: (
        [
            (S.SUPPORT, "支持！雨天孩子上学鞋子全是泥，早该修了。"),
            (S.SUPPORT, "我家有拖拉机，愿意出两个工日拉石料。"),
            (S.NEUTRAL, "路修好了，路两边的排水沟一起做吗？不然用不了几年。"),
            (S.OPPOSE, "预算偏高，能不能分两期做，先修最烂的那一段？"),
        ],
        "感谢提醒。排水沟已纳入设计，施工期间会提前在村务公开栏公示工期和绕行路线。",
    ),
    C.LIGHTING: (
        [
            (S.SUPPORT, "晚上从地里回来路上黑，老人孩子都怕摔，支持装灯。"),
            (S.SUPPORT, "小学门口那段最需要，放学冬天五点多天就黑了。"),
            (S.NEUTRAL, "太阳能灯阴天能亮几个小时？坏了谁来修？"),
            (S.OPPOSE, "灯别装在我家窗户正对面，晚上太亮睡不着。"),
        ],
        "选用的灯具连续阴雨可亮 3 晚，质保 3 年，保修期后由村里电工负责维护；"
        "灯位安装前会和沿街住户商量。",
    ),
    C.WATER: (
        [
            (S.SUPPORT, "夏天一到用水高峰楼上就没水，盼着早点换管子。"),
            (S.SUPPORT, "水里有铁锈味好几年了，支持改造。"),
            (S.NEUTRAL, "施工要停水几天？能不能提前通知，我们好接水存着。"),
            (S.OPPOSE, "去年刚挖过一次路，又要挖，能不能和修路一起弄？"),
        ],
        "停水将分片进行，每片不超过 1 天，至少提前 3 天在村务公开栏和微信群通知。",
    ),
    C.SANITATION: (
        [
            (S.SUPPORT, "现在垃圾堆在路边，夏天味道太大，支持。"),
            (S.SUPPORT, "建好了我愿意当分类督导员。"),
            (S.NEUTRAL, "收集点设在哪里？别离住户太近。"),
            (S.OPPOSE, "分类太麻烦，老年人分不清，先把清运次数加上去吧。"),
        ],
        "点位初定在村口和两条主街的空地，距住户不少于 20 米，开工前会在公开栏公示点位图征求意见。",
    ),
    C.CULTURE: (
        [
            (S.SUPPORT, "晚上跳广场舞的人多，有个像样的地方就好了。"),
            (S.SUPPORT, "孩子放假没地方玩，支持。"),
            (S.NEUTRAL, "建好后谁管？器材坏了找谁？"),
            (S.OPPOSE, "音响太吵，晚上九点以后能不能不放？"),
        ],
        "建成后由村委会指定专人管护，器材质保期内由厂家维修；活动时间将由村民会议商定并张贴。",
    ),
    C.ELDERLY: (
        [
            (S.SUPPORT, "我娘八十多了，中午一个人做饭不放心，这个太需要了。"),
            (S.SUPPORT, "我可以去帮厨，做志愿者。"),
            (S.NEUTRAL, "吃饭收费吗？行动不便的老人能不能送餐上门？"),
            (S.OPPOSE, "地方太偏，老人走过去不方便，换个位置吧。"),
        ],
        "每餐个人只出 3 元，其余由奖补资金和村集体负担；行动不便的老人可以登记送餐。",
    ),
    C.EDUCATION: (
        [
            (S.SUPPORT, "孩子爸妈都在外打工，放学后没人管，支持。"),
            (S.SUPPORT, "我退休前是老师，可以来辅导作业。"),
            (S.NEUTRAL, "开放时间能到几点？周末开不开？"),
            (S.OPPOSE, "屋子太小，孩子多了挤不下。"),
        ],
        "计划周一到周五开放到晚上 6 点半，寒暑假另行安排；场地按 40 人设计。",
    ),
    C.OTHER: (
        [
            (S.SUPPORT, "电动车在楼道充电太危险，支持集中充电。"),
            (S.SUPPORT, "早就该建了。"),
            (S.NEUTRAL, "充电怎么收费？"),
            (S.OPPOSE, "离我家太近，担心安全。"),
        ],
        "按电费成本收费，每度不超过 0.6 元；充电棚配有烟感报警和灭火器。",
    ),
}
