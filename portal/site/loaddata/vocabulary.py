"""Real words per language, most frequent first, for synthetic practices whose text stems and matches.

Words are drawn with Zipf-like weights (1 / rank), so the first words are in almost every practice and the
last ones in few. RARE words are added to about one practice in a hundred each: searches for them match
well under 5% of rows.
"""

WORDS = {
    "en": (
        "trafficking victims support protection women children training police community border workers "
        "awareness survivors shelter legal labour services migrants prevention referral partners local national "
        "government programme young families schools safety rights identification prosecution cooperation "
        "recruitment employers agencies volunteers health housing counselling trainers officers judges "
        "reintegration hotline guidelines network survey evidence smuggling exploitation domestic forced "
        "marriage online platforms monitoring coalition districts villages toolkit curriculum"
    ),
    "fr": (
        "traite victimes soutien protection femmes enfants formation police communauté frontière travailleurs "
        "sensibilisation survivantes hébergement juridique travail services migrants prévention orientation "
        "partenaires local national gouvernement programme jeunes familles écoles sécurité droits identification "
        "poursuites coopération recrutement employeurs agences bénévoles santé logement écoute formateurs "
        "agents juges réinsertion permanence directives réseau enquête preuves passeurs exploitation domestique "
        "forcé mariage plateformes suivi coalition districts villages"
    ),
    "es": (
        "trata víctimas apoyo protección mujeres niños formación policía comunidad frontera trabajadores "
        "sensibilización sobrevivientes albergue jurídico trabajo servicios migrantes prevención derivación "
        "socios local nacional gobierno programa jóvenes familias escuelas seguridad derechos identificación "
        "enjuiciamiento cooperación reclutamiento empleadores agencias voluntarios salud vivienda asesoramiento "
        "formadores agentes jueces reintegración directrices red encuesta pruebas explotación doméstico forzado "
        "matrimonio plataformas seguimiento coalición distritos aldeas"
    ),
    "pt": (
        "tráfico vítimas apoio proteção mulheres crianças formação polícia comunidade fronteira trabalhadores "
        "sensibilização sobreviventes abrigo jurídico trabalho serviços migrantes prevenção encaminhamento "
        "parceiros local nacional governo programa jovens famílias escolas segurança direitos identificação "
        "cooperação recrutamento empregadores agências voluntários saúde habitação aconselhamento agentes juízes "
        "reintegração diretrizes rede inquérito provas exploração doméstico forçado casamento plataformas"
    ),
    "ru": (
        "торговля жертвы поддержка защита женщины дети обучение полиция община граница работники "
        "информирование пострадавшие приют правовой труд услуги мигранты профилактика направление партнеры "
        "местный национальный правительство программа молодежь семьи школы безопасность права выявление "
        "сотрудничество вербовка работодатели агентства волонтеры здоровье жилье консультирование судьи "
        "реинтеграция горячая линия сеть опрос эксплуатация принудительный брак платформы мониторинг"
    ),
    "ar": (
        "الاتجار الضحايا الدعم الحماية النساء الأطفال التدريب الشرطة المجتمع الحدود العمال التوعية الناجين "
        "المأوى القانونية العمل الخدمات المهاجرين الوقاية الإحالة الشركاء المحلية الوطنية الحكومة البرنامج "
        "الشباب الأسر المدارس السلامة الحقوق التعرف الملاحقة التعاون التوظيف أصحاب الوكالات المتطوعين الصحة "
        "السكن الإرشاد القضاة الإدماج الشبكة المسح الأدلة الاستغلال المنزلي القسري الزواج المنصات الرصد"
    ),
    "hi": (
        "तस्करी पीड़ित सहायता संरक्षण महिलाएं बच्चे प्रशिक्षण पुलिस समुदाय सीमा श्रमिक जागरूकता आश्रय कानूनी "
        "श्रम सेवाएं प्रवासी रोकथाम साझेदार स्थानीय राष्ट्रीय सरकार कार्यक्रम युवा परिवार विद्यालय सुरक्षा अधिकार "
        "पहचान सहयोग भर्ती नियोक्ता एजेंसियां स्वयंसेवक स्वास्थ्य आवास परामर्श न्यायाधीश पुनर्वास नेटवर्क सर्वेक्षण "
        "शोषण घरेलू जबरन विवाह निगरानी गांव"
    ),
    "zh-hans": (
        "贩运 受害者 支持 保护 妇女 儿童 培训 警察 社区 边境 工人 宣传 幸存者 庇护所 法律 劳动 服务 移民 预防 转介 "
        "伙伴 地方 国家 政府 项目 青年 家庭 学校 安全 权利 识别 起诉 合作 招聘 雇主 机构 志愿者 健康 住房 咨询 "
        "法官 重返社会 热线 网络 调查 证据 剥削 家政 强迫 婚姻 平台 监测 村庄"
    ),
}

RARE = {
    "en": "lighthouse apprenticeship cartography beekeeping orchestra lantern harbour pottery telescope vineyard",
    "fr": "phare apiculture orchestre lanterne poterie télescope vignoble cartographie",
    "es": "faro apicultura orquesta linterna alfarería telescopio viñedo cartografía",
    "pt": "farol apicultura orquestra lanterna olaria telescópio vinhedo cartografia",
    "ru": "маяк пасека оркестр фонарь гончарство телескоп виноградник",
    "ar": "المنارة النحل الأوركسترا الفانوس الفخار التلسكوب الكرم",
    "hi": "प्रकाशस्तंभ मधुमक्खी वाद्यवृंद लालटेन मिट्टी दूरबीन अंगूर",
    "zh-hans": "灯塔 养蜂 乐团 灯笼 陶艺 望远镜 葡萄园",
}

# Benchmark words (English): one in about 1% of English entries, one in most of them.
BENCH_RARE_WORD = "lighthouse"
BENCH_COMMON_WORD = "community"
