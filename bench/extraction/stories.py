"""Hand-written news stories for the extraction bench pages (fiction written for this set).

Each story is a headline and its paragraphs; `generate.py` dresses them in outlet layouts. Some
Arabic stories appear at two outlets, as agency copy does; the layouts and boilerplate differ.
"""

from __future__ import annotations

AR: dict[str, tuple[str, list[str]]] = {
    "raqqa_water": (
        "إعادة تشغيل محطة مياه الرشيد في الرقة بعد توقف دام ثلاثة أسابيع",
        [
            "أعلنت لجنة الخدمات في مدينة الرقة إعادة تشغيل محطة مياه الرشيد بعد توقف دام ثلاثة أسابيع بسبب أعطال في المضخات الرئيسية وانقطاع التيار الكهربائي عن المنطقة.",
            "وقال مدير المحطة إن الورشات الفنية عملت على مدار الساعة لاستبدال مضختين متضررتين وتركيب لوحة تحكم جديدة، مشيرا إلى أن المحطة تغذي أكثر من أربعين ألف منزل في الأحياء الشرقية من المدينة.",
            "وكان الأهالي قد اضطروا خلال فترة التوقف إلى شراء مياه الصهاريج بأسعار مرتفعة، في حين وزعت منظمات محلية خزانات مياه على المدارس والمراكز الصحية.",
            "وأوضح المسؤول أن الضخ سيكون بشكل تدريجي خلال الأيام المقبلة ريثما يتم اختبار الشبكة والتأكد من خلوها من التسربات، داعيا السكان إلى ترشيد الاستهلاك.",
        ],
    ),
    "deir_convoy": (
        "قافلة مساعدات غذائية تصل إلى ريف دير الزور الشرقي",
        [
            "وصلت قافلة مساعدات غذائية مؤلفة من خمس وعشرين شاحنة إلى بلدات ريف دير الزور الشرقي، محملة بسلال غذائية وطحين ومستلزمات صحية لآلاف العائلات.",
            "وذكر منسق القافلة أن التوزيع سيبدأ في بلدتي الميادين والعشارة قبل أن ينتقل إلى القرى الواقعة على ضفاف نهر الفرات، وفق قوائم أعدتها المجالس المحلية.",
            "وتعاني المنطقة من تراجع كبير في الإنتاج الزراعي خلال الموسم الماضي نتيجة شح الأمطار وارتفاع أسعار المحروقات اللازمة لتشغيل مضخات الري.",
            "وأشار المنسق إلى أن قافلة ثانية يجري تجهيزها لتصل قبل نهاية الشهر الجاري، على أن تشمل أدوية للأمراض المزمنة وحليب الأطفال.",
            "وطالب وجهاء من العشائر بزيادة حصص البلدات الأكثر كثافة سكانية، مؤكدين أن أعداد النازحين العائدين إليها تضاعفت خلال العام الأخير.",
        ],
    ),
    "damascus_fair": (
        "افتتاح معرض دمشق الدولي للكتاب بمشاركة مئتي دار نشر",
        [
            "افتتح معرض دمشق الدولي للكتاب دورته الجديدة في مكتبة الأسد الوطنية بمشاركة مئتي دار نشر عربية ومحلية، وتستمر فعالياته عشرة أيام.",
            "ويتضمن برنامج المعرض ندوات فكرية وأمسيات شعرية وحفلات توقيع لعدد من الكتاب الشباب، إضافة إلى جناح خاص بكتب الأطفال وورشات للرسم والقراءة.",
            "وقال مدير المعرض إن اللجنة المنظمة خفضت أسعار الكتب بنسبة تصل إلى أربعين بالمئة لتشجيع الطلاب على الاقتناء، لافتا إلى إقبال واسع في اليوم الأول.",
            "وأعرب عدد من الناشرين عن أملهم في أن يسهم المعرض في تنشيط حركة الكتاب بعد سنوات من تراجع المبيعات وارتفاع تكاليف الطباعة والورق.",
        ],
    ),
    "aleppo_bakeries": (
        "محافظة حلب تزيد مخصصات الطحين لأفران الأحياء الشرقية",
        [
            "قررت محافظة حلب زيادة مخصصات الطحين اليومية لأفران الأحياء الشرقية بنسبة خمسة عشر بالمئة، بعد شكاوى متكررة من الازدحام أمام منافذ البيع.",
            "وأوضح عضو المكتب التنفيذي المختص أن القرار يشمل ستة عشر فرنا عاما وخاصا، وأن دوريات الرقابة ستتابع التزام الأفران بالوزن والسعر المحددين.",
            "ودعا المواطنين إلى التبليغ عن أي مخالفات عبر الرقم المخصص للشكاوى، مؤكدا أن المحافظة ستسحب ترخيص أي فرن يبيع الطحين المدعوم في السوق السوداء.",
        ],
    ),
    "us_iraq_withdrawal": (
        "بدء سحب قوات أمريكية من قواعد وسط العراق ونقل قسم منها إلى كردستان",
        [
            "أعلنت السفارة الأمريكية في بغداد بدء سحب عدد من القوات الأمريكية من قواعدها في وسط العراق، على أن ينتقل قسم منها إلى قاعدة حرير في إقليم كردستان.",
            "وبحسب مصادر مطلعة، سيجري نقل معدات ثقيلة وعربات مدرعة إلى قواعد في شمال شرق سوريا خلال الأسابيع المقبلة، بالتنسيق مع الحكومة العراقية.",
            "ويأتي ذلك بعد جولات من الحوار بين بغداد وواشنطن حول مستقبل الوجود العسكري الأجنبي، تخللتها مطالبات برلمانية بجدول زمني واضح للانسحاب.",
            "وفي المقابل، رفعت قوات محلية وتيرة استعداداتها في ريف دير الزور، وسط مخاوف من أن يستغل تنظيم داعش أي فراغ أمني لإعادة تنظيم صفوفه.",
        ],
    ),
    "cairo_metro": (
        "تشغيل المرحلة الجديدة من الخط الثالث لمترو القاهرة أمام الركاب",
        [
            "بدأت الهيئة القومية للأنفاق تشغيل المرحلة الجديدة من الخط الثالث لمترو القاهرة أمام الركاب، بعد انتهاء التشغيل التجريبي الذي استمر أسبوعين.",
            "وتضم المرحلة خمس محطات جديدة تربط وسط العاصمة بالأحياء الغربية، ومن المتوقع أن تخدم نحو ثلاثمئة ألف راكب يوميا وأن تخفف الزحام على المحاور المرورية.",
            "وقال رئيس الهيئة إن أسعار التذاكر ستبقى وفق الشرائح المعمول بها حاليا، وإن الاشتراكات الشهرية للطلاب وكبار السن متاحة في جميع المحطات.",
            "وأكد أن العمل جار في المرحلة التالية التي تمتد إلى مطار القاهرة الدولي، على أن تنتهي الأعمال الإنشائية فيها خلال عامين.",
        ],
    ),
    "egypt_wheat": (
        "وزير التموين: احتياطي القمح يكفي خمسة أشهر ونصف",
        [
            "قال وزير التموين والتجارة الداخلية إن الاحتياطي الاستراتيجي من القمح يكفي لمدة خمسة أشهر ونصف، وإن الدولة تواصل التعاقد على شحنات جديدة من عدة مناشئ.",
            "وأضاف الوزير في مؤتمر صحفي أن موسم توريد القمح المحلي سيبدأ منتصف الشهر المقبل، وأن سعر الأردب للمزارعين ارتفع مقارنة بالموسم الماضي.",
            "وأشار إلى أن منظومة الخبز المدعم تعمل بكفاءة في جميع المحافظات، وأن المخابز التي تخالف الأوزان ستواجه غرامات وسحب الحصص.",
            "وشدد على أن مخزون السكر والزيوت مطمئن، داعيا المواطنين إلى عدم الانسياق وراء الشائعات بشأن نقص السلع الأساسية.",
        ],
    ),
    "alex_heritage": (
        "ترميم قصر أثري في الإسكندرية وتحويله إلى متحف للفنون",
        [
            "انتهت أعمال ترميم قصر أثري يعود إلى مطلع القرن العشرين في حي محرم بك بالإسكندرية، تمهيدا لتحويله إلى متحف للفنون التشكيلية.",
            "وشملت الأعمال تدعيم الأسقف الخشبية وإعادة الزخارف الجصية إلى حالتها الأصلية، فضلا عن تركيب أنظمة إنارة وتأمين حديثة تناسب قاعات العرض.",
            "وقال مسؤول في وزارة الثقافة إن المتحف سيضم مقتنيات لفنانين سكندريين رواد، إلى جانب قاعة للمعارض المؤقتة ومكتبة متخصصة في تاريخ الفن.",
        ],
    ),
    "deraa_security": (
        "توتر أمني في ريف درعا الغربي بعد اغتيال عضو في لجنة المصالحة",
        [
            "شهد ريف درعا الغربي توترا أمنيا بعد اغتيال عضو في لجنة المصالحة برصاص مسلحين مجهولين على الطريق الواصل بين بلدتي طفس والمزيريب.",
            "وقالت مصادر محلية إن المسلحين كانوا يستقلون دراجة نارية وفروا باتجاه الأراضي الزراعية، فيما أغلقت مجموعات محلية عددا من الطرق الفرعية.",
            "وتتكرر عمليات الاغتيال في المحافظة منذ سنوات، وسط اتهامات متبادلة بين الأطراف المحلية وغياب أي نتائج للتحقيقات التي يعلن عنها.",
            "وطالب ناشطون بتشكيل لجنة مستقلة لكشف الجناة، محذرين من أن استمرار الفلتان الأمني يدفع مزيدا من الشباب إلى الهجرة.",
        ],
    ),
    "idlib_schools": (
        "آلاف الطلاب في إدلب بلا مقاعد دراسية مع بداية الفصل الثاني",
        [
            "يواجه آلاف الطلاب في محافظة إدلب بداية الفصل الدراسي الثاني من دون مقاعد كافية، بعد خروج عشرات المدارس عن الخدمة بسبب الأضرار أو تحويلها إلى مراكز إيواء.",
            "وقال مدير مدرسة في ريف إدلب الجنوبي إن بعض الصفوف تضم أكثر من ستين طالبا، وإن المعلمين يعملون من دون رواتب منتظمة منذ أشهر.",
            "وتحاول منظمات تعليمية سد الفجوة عبر خيام مدرسية ومنح مالية صغيرة للمعلمين، لكنها تقول إن التمويل المتاح لا يغطي سوى ربع الاحتياجات.",
            "ويحذر مختصون من أن انقطاع الأطفال عن التعليم لفترات طويلة سيترك أثرا على جيل كامل، داعين الجهات المانحة إلى إدراج التعليم ضمن أولويات الاستجابة.",
        ],
    ),
    "qamishli_fuel": (
        "أزمة محروقات في القامشلي وطوابير طويلة أمام محطات الوقود",
        [
            "تشهد مدينة القامشلي أزمة محروقات خانقة منذ أيام، حيث تصطف السيارات في طوابير طويلة أمام محطات الوقود بانتظار مخصصاتها من البنزين.",
            "وقال سائق سيارة أجرة إنه ينتظر منذ الفجر للحصول على عشرين ليترا فقط، مضيفا أن أسعار البنزين في السوق الحرة تضاعفت خلال الأسبوع الجاري.",
            "وأرجعت هيئة المحروقات في الإدارة الذاتية الأزمة إلى أعطال في إحدى المصافي المحلية، مؤكدة أن الإصلاحات ستنتهي خلال أيام.",
            "وانعكست الأزمة على أجور النقل بين المدينة وريفها، فيما اشتكى مزارعون من عدم قدرتهم على تشغيل الآليات الزراعية في موسم الحراثة.",
        ],
    ),
    "hasakah_wheat": (
        "مزارعو الحسكة يطالبون برفع سعر شراء القمح قبل موسم الحصاد",
        [
            "طالب مزارعون في ريف الحسكة برفع سعر شراء القمح للموسم المقبل، مؤكدين أن تكاليف الإنتاج ارتفعت بشكل كبير بسبب غلاء الأسمدة والمحروقات وأجور الحصادات.",
            "وقال مزارع من ريف تل تمر إن تكلفة زراعة الهكتار الواحد تجاوزت ما يمكن أن يحصل عليه من بيع المحصول بالسعر الحالي، مطالبا بدعم مباشر للبذار.",
            "وتعد الحسكة من أهم مناطق إنتاج القمح في البلاد، غير أن سنوات الجفاف المتتالية وتراجع منسوب نهر الخابور أديا إلى انخفاض المساحات المزروعة.",
        ],
    ),
    "beirut_port": (
        "أهالي ضحايا انفجار المرفأ يعتصمون أمام قصر العدل في بيروت",
        [
            "اعتصم أهالي ضحايا انفجار مرفأ بيروت أمام قصر العدل، مطالبين باستئناف التحقيق المتوقف منذ أشهر ومحاسبة المسؤولين عن الكارثة.",
            "ورفع المعتصمون صور أبنائهم ولافتات تندد بالتدخلات السياسية في عمل القضاء، مؤكدين أنهم لن يتراجعوا عن مطلب العدالة مهما طال الوقت.",
            "وقال المتحدث باسم الأهالي إن الدعاوى المقدمة ضد المحقق العدلي هدفها تعطيل الملف، داعيا مجلس القضاء الأعلى إلى حسم الخلافات القانونية سريعا.",
            "وشهد محيط قصر العدل انتشارا أمنيا كثيفا، فيما لم تسجل أي مواجهات بين المعتصمين والقوى الأمنية.",
        ],
    ),
    "lebanon_electricity": (
        "مؤسسة كهرباء لبنان ترفع ساعات التغذية بعد وصول شحنة فيول",
        [
            "أعلنت مؤسسة كهرباء لبنان رفع ساعات التغذية في المناطق كافة بعد وصول شحنة فيول إلى معمل دير عمار، على أن تبلغ التغذية عشر ساعات يوميا.",
            "وأوضحت المؤسسة في بيان أن البرنامج الجديد يبقى مرتبطا بانتظام وصول الشحنات وبتحسن الجباية، داعية المشتركين إلى تسديد فواتيرهم المتأخرة.",
            "ولا يزال معظم اللبنانيين يعتمدون على المولدات الخاصة، التي ارتفعت تسعيرتها مع ارتفاع أسعار المازوت في الأسواق العالمية.",
        ],
    ),
    "amman_rain": (
        "أمطار غزيرة تغلق طرقا في عمان والدفاع المدني يتعامل مع عشرات البلاغات",
        [
            "تسببت أمطار غزيرة هطلت على العاصمة عمان في إغلاق عدد من الطرق والأنفاق، فيما تعامل الدفاع المدني مع عشرات البلاغات عن مداهمة المياه للمنازل والمحال.",
            "وقالت أمانة عمان إن فرق الطوارئ انتشرت في المناطق المنخفضة لفتح مصارف المياه، ودعت السائقين إلى تجنب التنقل إلا للضرورة.",
            "وتوقعت دائرة الأرصاد الجوية استمرار الحالة الماطرة حتى مساء الغد، مع احتمال تشكل السيول في الأودية والمناطق الجنوبية من المملكة.",
        ],
    ),
    "riyadh_expo": (
        "الرياض تستضيف معرضا دوليا للتقنيات الزراعية بمشاركة ثلاثين دولة",
        [
            "انطلقت في الرياض فعاليات معرض دولي للتقنيات الزراعية بمشاركة شركات من ثلاثين دولة، تعرض حلولا للري الذكي والزراعة المائية وتحلية المياه.",
            "وقال وكيل وزارة البيئة والمياه والزراعة إن المعرض يأتي ضمن جهود تعزيز الأمن الغذائي وتقليل استهلاك المياه الجوفية في القطاع الزراعي.",
            "ويتضمن المعرض جلسات حوارية حول تمويل المشاريع الزراعية الصغيرة، وورش عمل للمزارعين حول استخدام البيوت المحمية وأنظمة الاستشعار.",
            "وتوقع المنظمون أن يتجاوز عدد الزوار خمسين ألفا خلال أيام المعرض الأربعة، مع توقيع اتفاقيات استثمار بين شركات محلية ودولية.",
        ],
    ),
    "jeddah_season": (
        "موسم جدة يستقبل نصف مليون زائر في أسبوعه الأول",
        [
            "أعلنت اللجنة المنظمة لموسم جدة أن فعاليات الموسم استقبلت نحو نصف مليون زائر خلال أسبوعها الأول، في مناطق الواجهة البحرية وجدة التاريخية.",
            "وتنوعت الفعاليات بين العروض المسرحية والحفلات الغنائية والأسواق الشعبية، إضافة إلى منطقة ألعاب للأطفال ومطاعم تقدم أطباقا من مطابخ عالمية.",
            "وأشار المنظمون إلى أن نسبة الإشغال في فنادق المدينة تجاوزت ثمانين بالمئة، وأن الموسم وفر آلاف فرص العمل المؤقتة للشباب.",
        ],
    ),
    "dubai_transport": (
        "هيئة الطرق في دبي تطلق خدمة حافلات ذاتية القيادة في منطقتين",
        [
            "أطلقت هيئة الطرق والمواصلات في دبي خدمة تجريبية لحافلات ذاتية القيادة في منطقتين سكنيتين، ضمن خطة لتحويل ربع رحلات التنقل إلى رحلات ذاتية القيادة.",
            "وتتسع كل حافلة لخمسة عشر راكبا، وتعمل بسرعة لا تتجاوز أربعين كيلومترا في الساعة على مسارات محددة مزودة بأجهزة استشعار وكاميرات.",
            "وأكدت الهيئة أن الخدمة مجانية خلال فترة التجربة التي تمتد ستة أشهر، وأن بيانات التشغيل ستستخدم لتقييم التوسع إلى مناطق أخرى.",
        ],
    ),
    "kuwait_budget": (
        "مجلس الأمة الكويتي يناقش الحساب الختامي وسط تحذيرات من عجز الميزانية",
        [
            "ناقش مجلس الأمة الكويتي في جلسته العادية الحساب الختامي للدولة، وسط تحذيرات نيابية من اتساع عجز الميزانية في ظل تراجع أسعار النفط.",
            "وطالب نواب الحكومة بخطة واضحة لتنويع مصادر الدخل وترشيد الإنفاق الجاري، مشيرين إلى أن بند الرواتب والدعوم يستهلك الجزء الأكبر من الإيرادات.",
            "ورد وزير المالية بأن الحكومة تعمل على حزمة إصلاحات تشمل مراجعة الدعوم وتحسين تحصيل الرسوم، مؤكدا أن الاحتياطيات قادرة على تغطية العجز في المدى القريب.",
        ],
    ),
    "algiers_housing": (
        "توزيع ثلاثة آلاف وحدة سكنية في الجزائر العاصمة قبل نهاية الشهر",
        [
            "أعلنت ولاية الجزائر عن توزيع ثلاثة آلاف وحدة سكنية من صيغة السكن الاجتماعي الإيجاري قبل نهاية الشهر الجاري، لفائدة عائلات تقطن في بنايات هشة.",
            "وأوضح الوالي خلال زيارة تفقدية للمشاريع أن عمليات الترحيل ستتم على مراحل، وأن المواقع المسترجعة ستخصص لإنجاز مرافق عمومية ومساحات خضراء.",
            "وأضاف أن مصالح الولاية أحصت أكثر من ألفي طعن في قوائم المستفيدين، وأن لجانا مختصة تدرسها حالة بحالة قبل الإعلان عن القوائم النهائية.",
            "وتعرف العاصمة طلبا كبيرا على السكن بمختلف صيغه، في ظل ارتفاع أسعار الإيجار في الأحياء القريبة من وسط المدينة.",
        ],
    ),
    "tunis_olive": (
        "صابة قياسية من زيت الزيتون في تونس وتوقعات بارتفاع الصادرات",
        [
            "توقع الديوان الوطني للزيت في تونس صابة قياسية من زيت الزيتون خلال الموسم الحالي، بفضل الأمطار التي شهدتها ولايات الوسط والجنوب في الخريف.",
            "وقال مسؤول في الديوان إن الكميات المنتظرة ستسمح بزيادة الصادرات نحو الأسواق الأوروبية والأمريكية، مع التركيز على الزيت المعلب ذي القيمة المضافة.",
            "ويشكو الفلاحون من نقص اليد العاملة خلال موسم الجني ومن ارتفاع كلفة النقل إلى المعاصر، مطالبين بتسهيلات في القروض الموسمية.",
        ],
    ),
    "rabat_drought": (
        "الحكومة المغربية تعلن برنامجا استعجاليا لمواجهة آثار الجفاف",
        [
            "أعلنت الحكومة المغربية برنامجا استعجاليا لمواجهة آثار الجفاف، يشمل دعم مربي الماشية بالأعلاف وتمويل مشاريع لتحلية مياه البحر في المدن الساحلية.",
            "وقال الناطق الرسمي باسم الحكومة إن نسبة ملء السدود تراجعت إلى مستويات غير مسبوقة، ما يستدعي إجراءات لترشيد استهلاك المياه في الري والاستعمالات المنزلية.",
            "وأشار إلى أن البرنامج يتضمن إعادة جدولة ديون الفلاحين الصغار، وتسريع ربط الأحواض المائية في الشمال بتلك الموجودة في الوسط.",
            "ودعت جمعيات بيئية إلى مراجعة السياسات الزراعية التي تعتمد على محاصيل مستهلكة للمياه، معتبرة أن الجفاف أصبح معطى هيكليا وليس ظرفيا.",
        ],
    ),
    "baghdad_power": (
        "العراق يوقع عقدا لإنشاء محطة طاقة شمسية جنوب بغداد",
        [
            "وقعت وزارة الكهرباء العراقية عقدا مع ائتلاف شركات لإنشاء محطة طاقة شمسية بقدرة خمسمئة ميغاواط جنوب بغداد، ضمن خطة لتقليل الاعتماد على الغاز المستورد.",
            "وقال المتحدث باسم الوزارة إن المحطة ستدخل الخدمة على مراحل خلال عامين، وإنها ستسهم في تخفيف الانقطاعات خلال أشهر الصيف.",
            "ويعاني العراق من عجز مزمن في إنتاج الكهرباء رغم الإنفاق الكبير على القطاع، فيما تتكرر الاحتجاجات في المحافظات الجنوبية مع ارتفاع درجات الحرارة.",
        ],
    ),
    "sweida_protest": (
        "وقفة احتجاجية في السويداء تطالب بتحسين الخدمات والإفراج عن معتقلين",
        [
            "نظم عشرات الأهالي وقفة احتجاجية في ساحة الكرامة وسط مدينة السويداء، مطالبين بتحسين الخدمات الأساسية والإفراج عن المعتقلين.",
            "ورفع المحتجون لافتات تنتقد تردي الأوضاع المعيشية وانقطاع الكهرباء لساعات طويلة، مؤكدين سلمية تحركهم واستمراره أسبوعيا.",
            "وقال أحد المشاركين إن الرواتب لم تعد تكفي لأكثر من أيام قليلة في الشهر، وإن الشباب يغادرون المحافظة بحثا عن عمل.",
        ],
    ),
}

EN: dict[str, tuple[str, list[str]]] = {
    "en_raqqa_water": (
        "Raqqa water station back in service after three-week outage",
        [
            "A water pumping station serving the eastern districts of Raqqa resumed operation on Tuesday after a three-week outage caused by failed pumps and power cuts, local officials said.",
            "Technicians replaced two damaged pumps and installed a new control panel, the station's director said, adding that the facility supplies more than forty thousand homes.",
            "During the outage residents had to buy water from private tankers at high prices, while local charities distributed storage tanks to schools and clinics.",
            "Pumping will increase gradually over the coming days while engineers test the network for leaks, the director said, urging residents to conserve water.",
        ],
    ),
    "en_cairo_metro": (
        "Cairo opens new stretch of Metro Line 3 to passengers",
        [
            "Egypt's National Authority for Tunnels opened a new stretch of Cairo Metro Line 3 to passengers on Sunday after two weeks of trial runs.",
            "The section adds five stations linking the city centre with western districts and is expected to carry about three hundred thousand passengers a day.",
            "Ticket prices will stay within the current fare bands, the authority's chairman said, and monthly passes for students and the elderly are available at every station.",
            "Work continues on the next phase, which will extend the line to Cairo International Airport within two years.",
        ],
    ),
    "en_beirut_port": (
        "Families of Beirut port blast victims rally outside Justice Palace",
        [
            "Relatives of the victims of the Beirut port explosion rallied outside the Justice Palace on Thursday, demanding that the stalled investigation resume.",
            "Protesters held up photographs of those killed and banners condemning political interference in the judiciary.",
            "A spokesman for the families said lawsuits filed against the investigating judge were designed to paralyse the case and called on the Supreme Judicial Council to settle the legal disputes quickly.",
        ],
    ),
    "en_iraq_solar": (
        "Iraq signs deal for 500-megawatt solar plant south of Baghdad",
        [
            "Iraq's electricity ministry signed a contract with a consortium of companies to build a 500-megawatt solar power plant south of Baghdad, part of a plan to reduce reliance on imported gas.",
            "The plant will enter service in phases over two years and should ease summer blackouts, a ministry spokesman said.",
            "Iraq suffers a chronic shortfall in power generation despite heavy spending on the sector, and protests flare in southern provinces as temperatures climb.",
        ],
    ),
    "en_morocco_drought": (
        "Morocco launches emergency programme to tackle drought",
        [
            "Morocco's government announced an emergency programme to counter the effects of drought, including fodder subsidies for livestock farmers and funding for seawater desalination plants in coastal cities.",
            "Reservoir levels have fallen to unprecedented lows, the government spokesman said, requiring measures to curb water use in irrigation and households.",
            "The programme also reschedules the debts of small farmers and accelerates the link between river basins in the north and those in the centre of the country.",
        ],
    ),
    "en_qamishli_fuel": (
        "Fuel shortage brings long queues to Qamishli petrol stations",
        [
            "Drivers in Qamishli have queued for hours outside petrol stations this week as a fuel shortage gripped the city in northeast Syria.",
            "A taxi driver said he had been waiting since dawn to receive twenty litres, adding that prices on the open market had doubled within a week.",
            "The fuel authority of the Autonomous Administration blamed a breakdown at a local refinery and said repairs would be completed within days.",
            "Farmers said the shortage left them unable to run tractors at the start of the ploughing season.",
        ],
    ),
}

FR: dict[str, tuple[str, list[str]]] = {
    "fr_alger_logement": (
        "Alger : trois mille logements sociaux distribués avant la fin du mois",
        [
            "La wilaya d'Alger a annoncé la distribution de trois mille logements sociaux locatifs avant la fin du mois, au profit de familles habitant des immeubles vétustes.",
            "Lors d'une visite d'inspection, le wali a précisé que les opérations de relogement se feront par étapes et que les terrains récupérés accueilleront des équipements publics.",
            "Plus de deux mille recours contre les listes de bénéficiaires ont été recensés et des commissions les examinent au cas par cas avant la publication des listes définitives.",
        ],
    ),
    "fr_tunisie_olive": (
        "Huile d'olive : la Tunisie s'attend à une récolte record",
        [
            "L'Office national de l'huile prévoit une récolte record d'huile d'olive cette saison, grâce aux pluies d'automne dans les gouvernorats du centre et du sud.",
            "Selon un responsable de l'Office, les volumes attendus permettront d'augmenter les exportations vers l'Europe et l'Amérique du Nord, en misant sur l'huile conditionnée.",
            "Les agriculteurs se plaignent toutefois du manque de main-d'œuvre pendant la cueillette et du coût du transport vers les huileries.",
        ],
    ),
    "fr_liban_electricite": (
        "Électricité du Liban augmente les heures de courant après l'arrivée d'une cargaison de fioul",
        [
            "Électricité du Liban a annoncé une hausse des heures d'alimentation dans toutes les régions après l'arrivée d'une cargaison de fioul à la centrale de Deir Ammar.",
            "Le nouveau programme reste lié à la régularité des livraisons et à l'amélioration du recouvrement, a précisé l'établissement dans un communiqué.",
            "La plupart des Libanais continuent de dépendre des générateurs privés, dont les tarifs ont suivi la hausse du prix du mazout.",
        ],
    ),
    "fr_maroc_secheresse": (
        "Sécheresse : le gouvernement marocain dévoile un programme d'urgence",
        [
            "Le gouvernement marocain a présenté un programme d'urgence pour faire face à la sécheresse, comprenant des aides à l'alimentation du bétail et le financement d'usines de dessalement.",
            "Le taux de remplissage des barrages a atteint des niveaux historiquement bas, a indiqué le porte-parole du gouvernement.",
            "Des associations environnementales appellent à revoir les politiques agricoles fondées sur des cultures gourmandes en eau.",
        ],
    ),
}

# Headlines used in "read also" blocks, related lists and sidebars: never part of a body.
AR_OTHER_HEADLINES = [
    "ارتفاع أسعار الذهب في الأسواق المحلية لليوم الثالث",
    "منتخب الشباب يتأهل إلى نصف نهائي البطولة العربية",
    "حالة الطقس: أجواء باردة وأمطار متفرقة على المرتفعات",
    "افتتاح جسر جديد يربط ضفتي النهر في المدينة",
    "وزارة الصحة تطلق حملة تلقيح ضد شلل الأطفال",
    "انخفاض سعر صرف الدولار في السوق الموازية",
    "مهرجان للتراث الشعبي يجمع فرقا من عدة محافظات",
    "تمديد فترة التسجيل في الجامعات الحكومية أسبوعا إضافيا",
    "ضبط شحنة أدوية مهربة على أحد المعابر الحدودية",
    "فوز فيلم محلي بجائزة في مهرجان سينمائي دولي",
    "إطلاق منصة إلكترونية لتسجيل طلبات الدعم الزراعي",
    "توقعات بانخفاض درجات الحرارة مع نهاية الأسبوع",
]
EN_OTHER_HEADLINES = [
    "Gold prices climb for a third day in local markets",
    "Youth team reaches semi-final of Arab championship",
    "New bridge links the two banks of the river",
    "Health ministry launches polio vaccination drive",
    "Currency weakens on the parallel market",
    "Local film wins award at international festival",
]
FR_OTHER_HEADLINES = [
    "Les prix de l'or en hausse pour le troisième jour",
    "Football : l'équipe espoirs qualifiée pour les demi-finales",
    "Un nouveau pont relie les deux rives du fleuve",
    "Lancement d'une campagne de vaccination contre la polio",
]
