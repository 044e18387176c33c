"""Demonstration content for the platform demo: a fictional consultation on Lesotho's
National Diaspora Policy (Draft 1, Draft 2, Adopted policy). It draws on public facts about the
policy process but is NOT the official text. Data only; an importer loads `POLICY`."""

import copy

POLICY = {
    "title": "National Diaspora Policy",
    "slug": "national-diaspora-policy",
    "summary": (
        "Demonstration content for the platform demo, not the official text. The National Diaspora "
        "Policy sets out how the Government of Lesotho intends to engage with Basotho living "
        "abroad, most of them in South Africa and others in the United Kingdom, the United States "
        "and elsewhere, so that the diaspora can contribute more to the development of the "
        "country. It builds on the 8th constitutional amendment of 2018, which allows dual "
        "citizenship, and covers remittances, investment, skills transfer, return, gender, data, "
        "and the coordination of government work through the Diaspora Directorate and a diaspora "
        "engagement forum."
    ),
    "introduction": (
        "<p><b>Demonstration content.</b> The texts on these pages were written for the "
        "demonstration of this consultation platform. They draw on public information about the "
        "process that led to Lesotho's National Diaspora Policy, but they are not the official "
        "policy of the Government of Lesotho and must not be quoted as such.</p>"
        "<p>Lesotho has a large diaspora. Most Basotho abroad live in South Africa; smaller "
        "communities live in the United Kingdom, the United States and elsewhere. The 8th "
        "amendment to the Constitution, approved by Parliament in 2018, allows Basotho to hold "
        "dual citizenship, and the citizenship and immigration law of 2018, inspired by the draft "
        "migration and development policy of 2013, points towards migration management that serves "
        "development. Until now, however, no single institution has coordinated the Government's "
        "relations with the diaspora. The policy gives the Diaspora Directorate and its partners a "
        "common framework.</p>"
        "<p>A technical working group supported by the <a "
        'href="https://www.iom.int">International Organization for Migration (IOM)</a>, with the '
        "Ministries of Labour, Home Affairs, Finance and Foreign Affairs, the Lesotho National "
        "Development Corporation, Botho University and the Council on Higher Education, prepared "
        "an earlier draft, which was validated by Basotho in the diaspora in the United Kingdom, "
        "the United States and South Africa in October 2020.</p>"
        "<p>In this demonstration, the policy goes through two rounds of public consultation, on "
        "Draft 1 and Draft 2, before adoption. Anyone, at home or abroad, may comment on the whole "
        "text or on a single section. Each comment is recorded with the gender and sector of its "
        "author, so that the drafters can show who was heard, and each new version comes with a "
        "summary of what changed and why.</p>"
    ),
    # In order: Draft 1, Draft 2, Adopted policy.
    "drafts": [
        {
            "version_label": "Draft 1",
            "slug": "draft-1",
            "status": "closed",
            "opens": "2025-09-01",
            "closes": "2025-10-31",
            "introduction": (
                "<p><b>Demonstration content.</b> This draft was written for the demonstration of this "
                "consultation platform. It draws on public information about the process that led to "
                "Lesotho's National Diaspora Policy, but it is not the official text and does not "
                "represent the position of the Government of Lesotho.</p>"
                "<p>Draft 1 is the first consultation draft of the policy. It was open for comments "
                "from 1 September to 31 October 2025. The Diaspora Directorate invited comments from "
                "Basotho at home and abroad, diaspora associations, ministries and agencies, the "
                "private sector, civil society and development partners.</p>"
                "<p>The drafters particularly asked for views on:</p>"
                "<ul><li>whether the measures on dual citizenship address the problems that diaspora "
                "members meet in practice;</li>"
                "<li>how to reduce the cost of sending money from South Africa;</li>"
                "<li>the role and composition of the diaspora engagement forum;</li>"
                "<li>whether the draft gives enough attention to women migrants and to groups it may "
                "have missed.</li></ul>"
            ),
            "changes_summary": "",
            "sections": [
                {
                    "key": "context",
                    "heading": "Context and policy direction",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter sets out the background to the policy, the legal framework on "
                            "which it builds, what is known about the Basotho diaspora, and the vision, "
                            "objectives and principles that guide the rest of the document.</p>",
                        ),
                    ],
                },
                {
                    "key": "background",
                    "heading": "Background",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Migration has shaped the economy and society of Lesotho for more than a "
                            "century. Generations of Basotho men worked on the mines of South Africa, and "
                            "in recent decades women have increasingly migrated for work, in particular in "
                            "domestic work, farming and services. Their earnings support households across "
                            "the country, and their skills, networks and savings are a resource that "
                            "Lesotho has not yet fully drawn on.</p>"
                            "<p>Until now, engagement with the diaspora has been occasional and fragmented. "
                            "No ministry, department or independent institution has been responsible for "
                            "coordinating relations with the diaspora, and diaspora members report unclear "
                            "or conflicting messages from Government.</p>"
                            "<p>The Government has therefore decided to develop a national diaspora policy, "
                            "in an inclusive and participatory way that takes full account of the "
                            "particular profile of the Basotho diaspora and systematically considers "
                            "gender.</p>",
                        ),
                    ],
                },
                {
                    "key": "legal-framework",
                    "heading": "Legal and policy framework",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The 8th amendment to the Constitution, approved by Parliament in 2018, "
                            "allows Basotho to hold dual citizenship. Before it, Basotho who took the "
                            "citizenship of another country could lose that of Lesotho, which discouraged "
                            "many from keeping formal ties with home. The amendment is an important step "
                            "towards engaging the diaspora.</p>"
                            "<p>The citizenship and immigration law of 2018, inspired by the draft "
                            "migration and development policy of 2013, marks a shift towards "
                            "forward-looking migration management that is oriented to development. This "
                            "policy follows the same direction.</p>"
                            "<p>The policy also takes into account:</p>"
                            "<ul><li>the national development plan and its priorities for employment;</li>"
                            "<li>the Global Compact for Safe, Orderly and Regular Migration, adopted by the "
                            "United Nations General Assembly in 2018;</li>"
                            '<li><a href="https://sdgs.un.org/goals/goal10">Sustainable Development Goal '
                            "10</a>, in particular target 10.c on the cost of remittances.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-profile",
                    "heading": "Profile of the Basotho diaspora",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Basotho diaspora is diverse: long-settled families and recent migrants, "
                            "workers with and without documents, students, professionals and business "
                            "owners. Most live in South Africa, many within a few hours of the border, and "
                            "travel home regularly. Smaller communities live in the United Kingdom, the "
                            "United States and elsewhere.</p>"
                            "<p>The employment of Basotho men in South African mines has declined since the "
                            "1990s, while more women have migrated, often to work in domestic service, "
                            "agriculture and the informal sector. Health workers, teachers and other "
                            "professionals have left in search of better pay and conditions.</p>"
                            "<p>Diaspora associations, organised around places of origin, churches, "
                            "professions or studies, are a natural channel for dialogue, but many are "
                            "informal and have limited resources.</p>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-data",
                    "heading": "Data on the diaspora",
                    "level": 3,
                    "body": [
                        (
                            "paragraph",
                            "<p>There is no reliable count of the Basotho diaspora. Estimates differ widely "
                            "according to the source and the definition used, and many migrants, in "
                            "particular in South Africa, are not recorded in any official statistics. This "
                            "draft therefore does not rely on a single figure.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>work with the Bureau of Statistics to include questions on emigration "
                            "and return in censuses and household surveys;</li>"
                            "<li>invite diaspora members to register voluntarily with the Diaspora "
                            "Directorate;</li>"
                            "<li>cooperate with the statistical offices of the main countries of "
                            "destination.</li></ul>",
                        ),
                        (
                            "table",
                            {
                                "caption": (
                                    "Main countries of residence (illustrative summary, not official data)"
                                ),
                                "header": ["Country", "Main groups", "What is known"],
                                "rows": [
                                    [
                                        "South Africa",
                                        "Workers in mining, domestic work, farming and services; students; "
                                        "families",
                                        "By far the largest community; many not in official statistics",
                                    ],
                                    [
                                        "United Kingdom",
                                        "Health and care workers, students",
                                        "Smaller community; some associations",
                                    ],
                                    [
                                        "United States",
                                        "Professionals, students, families",
                                        "Smaller community; some associations",
                                    ],
                                    [
                                        "Other countries",
                                        "Students, professionals",
                                        "Little information",
                                    ],
                                ],
                            },
                        ),
                    ],
                },
                {
                    "key": "vision-objectives",
                    "heading": "Vision and objectives",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p><b>Vision.</b> A Basotho diaspora that is connected to Lesotho, protected "
                            "in its rights, and contributing to the socio-economic development of the "
                            "Kingdom.</p>"
                            "<p><b>Overall objective.</b> To increase the contribution of the diaspora to "
                            "national development by strengthening the capacity of the Government to "
                            "coordinate diaspora affairs.</p>"
                            "<p><b>Specific objectives:</b></p>"
                            "<ol><li>to establish clear institutional arrangements, led by the Diaspora "
                            "Directorate;</li>"
                            "<li>to build regular, two-way dialogue, including through a diaspora "
                            "engagement forum;</li>"
                            "<li>to reduce the cost and increase the development impact of "
                            "remittances;</li>"
                            "<li>to facilitate diaspora investment, skills transfer and return;</li>"
                            "<li>to protect the rights and welfare of Basotho abroad; and</li>"
                            "<li>to improve data and evidence on the diaspora.</li></ol>",
                        ),
                    ],
                },
                {
                    "key": "guiding-principles",
                    "heading": "Guiding principles",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The following principles guide the implementation of this policy:</p>"
                            "<ul><li><b>Inclusion and participation.</b> Basotho at home and abroad, women "
                            "and men, are consulted at each stage.</li>"
                            "<li><b>Gender equality.</b> Gender is considered systematically in every "
                            "measure.</li>"
                            "<li><b>Voluntary engagement.</b> The policy creates opportunities, not "
                            "obligations.</li>"
                            "<li><b>Coherence.</b> The diaspora receives one clear message from "
                            "Government.</li>"
                            "<li><b>Transparency.</b> The Government reports publicly on what it has "
                            "done.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "policy-areas",
                    "heading": "Policy areas",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter sets out the issues in each policy area and the measures the "
                            "Government will take.</p>",
                        ),
                    ],
                },
                {
                    "key": "dual-citizenship",
                    "heading": "Dual citizenship",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The 8th constitutional amendment allows Basotho to hold another citizenship "
                            "without losing that of Lesotho. Many diaspora members are not yet aware of the "
                            "change, or are unsure how to recover or confirm their citizenship. Others "
                            "report that the documents required are difficult to obtain from abroad.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>publish clear guidance, in Sesotho and English, on how to recover or "
                            "confirm citizenship;</li>"
                            "<li>make application forms available online and at missions abroad;</li>"
                            "<li>reduce the number of visits in person required.</li></ul>"
                            "<p>Dual citizens have the same rights and obligations as other citizens. The "
                            "Government will review any remaining provisions that treat them differently, "
                            "such as on access to land, and report on the outcome.</p>",
                        ),
                    ],
                },
                {
                    "key": "remittances",
                    "heading": "Remittances",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Remittances are a major source of income for many households, and in some "
                            "years have been equivalent to a significant share of national income. A large "
                            "part is sent through informal channels or carried in cash across the border, "
                            "because formal services are seen as costly, slow or difficult to use without "
                            "documents.</p>"
                            "<p>Remittances are private money, and the policy does not seek to direct how "
                            "families use them. It aims to make sending money cheaper, safer and "
                            "easier.</p>"
                            "<p>The Government will:</p>"
                            '<ul><li>work with the <a href="https://www.centralbank.org.ls">Central Bank '
                            "of Lesotho</a> and service providers to reduce costs, in line with SDG target "
                            "10.c (below 3 per cent of the amount sent by 2030);</li>"
                            "<li>monitor prices from South Africa, using sources such as the World Bank's "
                            '<a href="https://remittanceprices.worldbank.org">Remittance Prices '
                            "Worldwide</a>;</li>"
                            "<li>promote mobile money, with attention to users who lack documents;</li>"
                            "<li>support financial literacy for migrants and their families.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-investment",
                    "heading": "Diaspora investment",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Many Basotho abroad wish to invest at home but report a lack of "
                            "information, complicated procedures and limited trust in intermediaries. "
                            "Diaspora investment so far has been mainly in family housing.</p>"
                            "<p>The Government, through the Lesotho National Development Corporation (LNDC) "
                            "and the Ministry of Finance, will:</p>"
                            "<ul><li>provide a single point of information for diaspora investors;</li>"
                            "<li>study the feasibility, costs and risks of a diaspora bond before any "
                            "decision is taken;</li>"
                            "<li>explore diaspora investment funds with development partners.</li></ul>"
                            "<p>The Government will not promise returns on any product, and a diaspora bond "
                            "would be issued only if the study shows that it offers good value.</p>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-tourism",
                    "heading": "Diaspora tourism and heritage",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Basotho abroad return home for family events, holidays and cultural "
                            "occasions. These visits support local businesses, and a diaspora that keeps "
                            "its ties to the language and culture of Lesotho is more likely to remain "
                            "engaged. The Government will work with the tourism sector to promote heritage "
                            "visits, and missions will be encouraged to support Sesotho classes for "
                            "children born abroad.</p>",
                        ),
                    ],
                },
                {
                    "key": "skills-transfer",
                    "heading": "Skills transfer",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Lesotho has lost skilled workers in key sectors, including nurses and other "
                            "health workers, teachers and engineers. The policy does not restrict anyone's "
                            "right to leave. It seeks to keep contact with skilled Basotho abroad and to "
                            "let them share their skills, whether or not they return.</p>"
                            "<p>The Government will support:</p>"
                            "<ul><li>a voluntary register of diaspora professionals, kept with the Council "
                            "on Higher Education and professional bodies;</li>"
                            "<li>short-term assignments and remote teaching in hospitals, schools and "
                            "universities, including Botho University;</li>"
                            "<li>recognition of qualifications obtained abroad;</li>"
                            "<li>dialogue with countries that recruit Basotho health workers and teachers, "
                            "on ethical recruitment and circular arrangements.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "return-reintegration",
                    "heading": "Return and reintegration",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Some Basotho return after many years abroad, by choice, at retirement, or "
                            "because they have lost their job or their right to stay. Former mine workers, "
                            "and migrants returning without savings or documents, may face particular "
                            "difficulties.</p>"
                            "<p>The Government will provide:</p>"
                            "<ul><li>information for people planning to return on documents, customs rules "
                            "and pensions;</li>"
                            "<li>referral of vulnerable returnees, including victims of trafficking, to "
                            'support services, with <a href="https://www.iom.int">IOM</a> and civil '
                            "society;</li>"
                            "<li>support to former mine workers and their families in claiming benefits and "
                            "compensation owed to them;</li>"
                            "<li>links between returnees and employers through the employment services of "
                            "the Ministry of Labour.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "gender",
                    "heading": "Gender considerations",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Migration affects women and men differently. In the past most migrants were "
                            "men employed in mining, while women managed households and farms. Today many "
                            "migrants are women, often in domestic service or farming in South Africa, "
                            "without contracts or documents, and with limited protection against abuse and "
                            "exploitation.</p>"
                            "<p>Gender will be considered systematically in all parts of this policy: data "
                            "will be reported by sex, consultations will seek the views of women and men, "
                            "and each measure will be checked for its effect on women, men, girls and "
                            "boys.</p>"
                            "<p>In addition, the Government will:</p>"
                            "<ul><li>inform women migrants of their rights and of where to seek help;</li>"
                            "<li>cooperate with South African authorities, trade unions and civil society "
                            "on the protection of domestic workers;</li>"
                            "<li>support the families of mine workers and other migrants who stay "
                            "behind;</li>"
                            "<li>seek balanced representation of women and men in the diaspora engagement "
                            "forum.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "institutions",
                    "heading": "Institutional arrangements and implementation",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter describes who is responsible for the policy and how it will be "
                            "implemented, monitored and reviewed.</p>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-directorate",
                    "heading": "The Diaspora Directorate",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate is the Government's focal point for diaspora "
                            "affairs. It leads the implementation of this policy and is the first point of "
                            "contact for Basotho abroad.</p>"
                            "<p>The Directorate will:</p>"
                            "<ul><li>maintain regular dialogue with diaspora members and associations;</li>"
                            "<li>convene the diaspora engagement forum and the technical working "
                            "group;</li>"
                            "<li>prepare information in Sesotho and English, suited to mobile phones;</li>"
                            "<li>report each year on implementation.</li></ul>"
                            "<p>Its capacity was strengthened with support from the <a "
                            'href="https://developmentfund.iom.int">IOM Development Fund</a>; the '
                            "Government will provide for its running costs in the national budget.</p>",
                        ),
                    ],
                },
                {
                    "key": "engagement-forum",
                    "heading": "Diaspora engagement forum",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The diaspora engagement forum brings together the Government, "
                            "representatives of the diaspora and key actors of the private sector, to "
                            "exchange information, discuss priorities and follow up on commitments.</p>"
                            "<p>The forum will meet at least once a year, alternately in Lesotho and in a "
                            "country with a large Basotho community, with the option to take part online. "
                            "The Directorate will publish a summary of each meeting and of the follow-up "
                            "given to it.</p>",
                        ),
                    ],
                },
                {
                    "key": "coordination",
                    "heading": "Coordination across government",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate will coordinate a technical working group. It "
                            "builds on the group that prepared the draft policy with the support of IOM: "
                            "the Ministries of Labour, Home Affairs, Finance and Foreign Affairs, the "
                            "Lesotho National Development Corporation, Botho University and the Council on "
                            "Higher Education.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Stakeholders and their main roles",
                                "header": ["Stakeholder", "Main role under the policy"],
                                "rows": [
                                    [
                                        "Diaspora Directorate",
                                        "Coordination; secretariat of the forum; reporting",
                                    ],
                                    [
                                        "Ministry of Foreign Affairs",
                                        "Missions abroad; consular services",
                                    ],
                                    [
                                        "Ministry of Home Affairs",
                                        "Citizenship, passports and identity documents",
                                    ],
                                    [
                                        "Ministry of Labour",
                                        "Labour migration; migrant workers; returnees",
                                    ],
                                    [
                                        "Ministry of Finance",
                                        "Remittances, with the Central Bank; diaspora bond study",
                                    ],
                                    [
                                        "Lesotho National Development Corporation",
                                        "Facilitation for diaspora investors",
                                    ],
                                    [
                                        "Council on Higher Education; Botho University",
                                        "Recognition of qualifications; research",
                                    ],
                                    [
                                        "Diaspora associations",
                                        "Representation; sharing information; the forum",
                                    ],
                                    [
                                        "Private sector and civil society",
                                        "Financial services; support services",
                                    ],
                                    [
                                        "Development partners, including IOM",
                                        "Technical and financial support",
                                    ],
                                ],
                            },
                        ),
                        (
                            "paragraph",
                            "<p>The working group will meet at least once a quarter. Each member "
                            "institution will designate a focal point.</p>",
                        ),
                    ],
                },
                {
                    "key": "implementation-plan",
                    "heading": "Implementation plan",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The table below sets out priority actions for the first years. Timeframes "
                            "are indicative and counted from adoption.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Implementation matrix (indicative)",
                                "header": ["Action", "Lead institution", "Partners", "Timeframe"],
                                "rows": [
                                    [
                                        "Publish guidance on dual citizenship",
                                        "Ministry of Home Affairs",
                                        "Foreign Affairs; Directorate",
                                        "Year 1",
                                    ],
                                    [
                                        "Convene the first diaspora engagement forum",
                                        "Diaspora Directorate",
                                        "Working group; associations",
                                        "Year 1",
                                    ],
                                    [
                                        "Open a voluntary diaspora register",
                                        "Diaspora Directorate",
                                        "Foreign Affairs",
                                        "Year 1",
                                    ],
                                    [
                                        "Study the cost of sending money from South Africa",
                                        "Ministry of Finance",
                                        "Central Bank; service providers",
                                        "Year 1",
                                    ],
                                    [
                                        "Feasibility study on a diaspora bond",
                                        "Ministry of Finance",
                                        "Central Bank; LNDC",
                                        "Years 1-2",
                                    ],
                                    [
                                        "Information desk for diaspora investors",
                                        "LNDC",
                                        "Directorate",
                                        "Year 2",
                                    ],
                                    [
                                        "Pilot assignments for health workers and teachers",
                                        "Diaspora Directorate",
                                        "Health; Education; Council on Higher Education",
                                        "Years 2-3",
                                    ],
                                    [
                                        "Questions on emigration in national surveys",
                                        "Bureau of Statistics",
                                        "Directorate",
                                        "Years 2-3",
                                    ],
                                    [
                                        "Mid-term review of the policy",
                                        "Diaspora Directorate",
                                        "Working group; forum",
                                        "Year 3",
                                    ],
                                ],
                            },
                        ),
                    ],
                },
                {
                    "key": "monitoring-evaluation",
                    "heading": "Monitoring and evaluation",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate will monitor implementation against the matrix and "
                            "a results framework. Indicators will be disaggregated by sex and, where "
                            "possible, by age and country of residence.</p>"
                            "<p>Illustrative indicators include:</p>"
                            "<ul><li>citizenship applications processed;</li>"
                            "<li>the average cost of sending money from South Africa to Lesotho;</li>"
                            "<li>diaspora professionals on skills-transfer assignments, by sex;</li>"
                            "<li>women and men taking part in the forum and in consultations.</li></ul>"
                            "<p>The Directorate will publish an annual progress report. The policy will be "
                            "reviewed after five years, or earlier if needed, through a process that again "
                            "involves the diaspora.</p>",
                        ),
                    ],
                },
            ],
        },
        {
            "version_label": "Draft 2",
            "slug": "draft-2",
            "status": "closed",
            "opens": "2026-02-02",
            "closes": "2026-03-15",
            "introduction": (
                "<p><b>Demonstration content.</b> This draft was written for the demonstration of this "
                "consultation platform. It draws on public information about the process that led to "
                "Lesotho's National Diaspora Policy, but it is not the official text and does not "
                "represent the position of the Government of Lesotho.</p>"
                "<p>Draft 2 revises Draft 1 in the light of the comments received during the first "
                "round of consultation. It was open for comments from 2 February to 15 March 2026. The "
                "main changes are listed below, and each changed section can be compared with its "
                "earlier version.</p>"
                "<p>Comments were asked for on the new section on young people and students, on the "
                "revised gender section, and on the implementation matrix. Comments on sections that "
                "have not changed were also welcome.</p>"
            ),
            "changes_summary": (
                '<ul><li><b>Added</b> a section, "Young people and students in the diaspora", '
                "because comments on Draft 1 pointed out that it said little about students, young "
                "workers and children born abroad.</li>"
                '<li><b>Removed</b> the section "Diaspora tourism and heritage", which comments '
                "found thin and outside the core objectives. Its point on visits home now appears in "
                '"Diaspora investment", and Sesotho classes for children born abroad in the new '
                "section on young people.</li>"
                '<li><b>Moved</b> "Gender considerations" from the end to the start of the policy '
                "areas, to show that gender applies to every area.</li>"
                '<li><b>Retitled</b> "Remittances" as "Remittances and the cost of sending money", '
                'and "Data on the diaspora" as "Evidence and data on the diaspora".</li>'
                '<li><b>Reworded</b> "Background" (movement across the border; a firmer commitment), '
                '"Vision and objectives" (a new objective on women, men and young people), "Dual '
                'citizenship" (online applications for documents), "Diaspora investment" (small '
                "enterprises run by relatives; visits home), the remittances section (reported fees, a "
                "cost comparison, women who manage remittances) and the data section (sources of "
                "estimates; an annual data note by sex).</li>"
                '<li><b>Reworded</b> "Gender considerations" to recognise women in the diaspora as '
                "entrepreneurs and leaders, with a 40 per cent target for either sex in the "
                "forum.</li>"
                '<li><b>Reworded</b> "Diaspora engagement forum" to list participants and to hold '
                'regional meetings instead of alternating the venue; "Coordination across '
                'government" now allows the working group to add members.</li>'
                "<li><b>Updated tables:</b> the stakeholders table adds the Ministries of Health and "
                "of Education and Training and the Bureau of Statistics; the implementation matrix "
                "adds information for women migrant workers and a contact programme for students, and "
                "moves the diaspora bond study to Year 2.</li></ul>"
            ),
            "sections": [
                {
                    "key": "context",
                    "heading": "Context and policy direction",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter sets out the background to the policy, the legal framework on "
                            "which it builds, what is known about the Basotho diaspora, and the vision, "
                            "objectives and principles that guide the rest of the document.</p>",
                        ),
                    ],
                },
                {
                    "key": "background",
                    "heading": "Background",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Migration has shaped the economy and society of Lesotho for more than a "
                            "century. Generations of Basotho men worked on the mines of South Africa, and "
                            "in recent decades women have increasingly migrated for work, in particular in "
                            "domestic work, farming and services. Many migrants move back and forth across "
                            "the border, and the line between temporary and permanent migration is often "
                            "unclear. Their earnings support households across the country, and their "
                            "skills, networks and savings are a resource that Lesotho has not yet fully "
                            "drawn on.</p>"
                            "<p>Until now, engagement with the diaspora has been occasional, reactive and "
                            "fragmented. No ministry, department or independent institution has been "
                            "responsible for coordinating relations with the diaspora, and diaspora members "
                            "report unclear or conflicting messages from Government.</p>"
                            "<p>The Government has therefore committed itself to develop a national "
                            "diaspora policy, in an inclusive and participatory way that takes full account "
                            "of the particular profile of the Basotho diaspora and systematically considers "
                            "gender.</p>",
                        ),
                    ],
                },
                {
                    "key": "legal-framework",
                    "heading": "Legal and policy framework",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The 8th amendment to the Constitution, approved by Parliament in 2018, "
                            "allows Basotho to hold dual citizenship. Before it, Basotho who took the "
                            "citizenship of another country could lose that of Lesotho, which discouraged "
                            "many from keeping formal ties with home. The amendment is an important step "
                            "towards engaging the diaspora.</p>"
                            "<p>The citizenship and immigration law of 2018, inspired by the draft "
                            "migration and development policy of 2013, marks a shift towards "
                            "forward-looking migration management that is oriented to development. This "
                            "policy follows the same direction.</p>"
                            "<p>The policy also takes into account:</p>"
                            "<ul><li>the national development plan and its priorities for employment;</li>"
                            "<li>the Global Compact for Safe, Orderly and Regular Migration, adopted by the "
                            "United Nations General Assembly in 2018;</li>"
                            '<li><a href="https://sdgs.un.org/goals/goal10">Sustainable Development Goal '
                            "10</a>, in particular target 10.c on the cost of remittances.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-profile",
                    "heading": "Profile of the Basotho diaspora",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Basotho diaspora is diverse: long-settled families and recent migrants, "
                            "workers with and without documents, students, professionals and business "
                            "owners. Most live in South Africa, many within a few hours of the border, and "
                            "travel home regularly. Smaller communities live in the United Kingdom, the "
                            "United States and elsewhere.</p>"
                            "<p>The employment of Basotho men in South African mines has declined since the "
                            "1990s, while more women have migrated, often to work in domestic service, "
                            "agriculture and the informal sector. Health workers, teachers and other "
                            "professionals have left in search of better pay and conditions.</p>"
                            "<p>Diaspora associations, organised around places of origin, churches, "
                            "professions or studies, are a natural channel for dialogue, but many are "
                            "informal and have limited resources.</p>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-data",
                    "heading": "Evidence and data on the diaspora",
                    "level": 3,
                    "body": [
                        (
                            "paragraph",
                            "<p>There is no reliable count of the Basotho diaspora. Published estimates "
                            "differ widely according to the source and the definition used, and many "
                            "migrants, in particular in South Africa, are not recorded in any official "
                            "statistics. This policy therefore does not rely on a single figure, and any "
                            "figure used in its implementation should be read as an estimate with its "
                            "source.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>work with the Bureau of Statistics to include questions on emigration "
                            "and return in censuses and household surveys;</li>"
                            "<li>invite diaspora members to register voluntarily with the Diaspora "
                            "Directorate;</li>"
                            "<li>cooperate with the statistical offices of the main countries of "
                            "destination;</li>"
                            "<li>publish a short note on diaspora data each year, with figures by sex where "
                            "available.</li></ul>",
                        ),
                        (
                            "table",
                            {
                                "caption": (
                                    "Main countries of residence (illustrative summary, not official data)"
                                ),
                                "header": ["Country", "Main groups", "What is known"],
                                "rows": [
                                    [
                                        "South Africa",
                                        "Workers in mining, domestic work, farming and services; students; "
                                        "families",
                                        "By far the largest community; many not in official statistics",
                                    ],
                                    [
                                        "United Kingdom",
                                        "Health and care workers, students",
                                        "Smaller community; some associations",
                                    ],
                                    [
                                        "United States",
                                        "Professionals, students, families",
                                        "Smaller community; some associations",
                                    ],
                                    [
                                        "Other countries",
                                        "Students, professionals",
                                        "Little information",
                                    ],
                                ],
                            },
                        ),
                    ],
                },
                {
                    "key": "vision-objectives",
                    "heading": "Vision and objectives",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p><b>Vision.</b> A Basotho diaspora that is connected to Lesotho, protected "
                            "in its rights, and contributing to the socio-economic development of the "
                            "Kingdom.</p>"
                            "<p><b>Overall objective.</b> To increase the contribution of the diaspora to "
                            "national development by strengthening the capacity of the Government to "
                            "coordinate diaspora affairs.</p>"
                            "<p><b>Specific objectives:</b></p>"
                            "<ol><li>to establish clear institutional arrangements, led by the Diaspora "
                            "Directorate;</li>"
                            "<li>to build regular, two-way dialogue, including through a diaspora "
                            "engagement forum;</li>"
                            "<li>to reduce the cost and increase the development impact of "
                            "remittances;</li>"
                            "<li>to facilitate diaspora investment, skills transfer and return;</li>"
                            "<li>to protect the rights and welfare of Basotho abroad;</li>"
                            "<li>to ensure that women, men and young people in the diaspora benefit "
                            "equally; and</li>"
                            "<li>to improve data and evidence on the diaspora.</li></ol>",
                        ),
                    ],
                },
                {
                    "key": "guiding-principles",
                    "heading": "Guiding principles",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The following principles guide the implementation of this policy:</p>"
                            "<ul><li><b>Inclusion and participation.</b> Basotho at home and abroad, women "
                            "and men, are consulted at each stage.</li>"
                            "<li><b>Gender equality.</b> Gender is considered systematically in every "
                            "measure.</li>"
                            "<li><b>Voluntary engagement.</b> The policy creates opportunities, not "
                            "obligations.</li>"
                            "<li><b>Coherence.</b> The diaspora receives one clear message from "
                            "Government.</li>"
                            "<li><b>Transparency.</b> The Government reports publicly on what it has "
                            "done.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "policy-areas",
                    "heading": "Policy areas",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter sets out the issues in each policy area and the measures the "
                            "Government will take.</p>",
                        ),
                    ],
                },
                {
                    "key": "gender",
                    "heading": "Gender considerations",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Migration affects women and men differently. In the past most migrants were "
                            "men employed in mining, while women managed households and farms. Today many "
                            "migrants are women, often in domestic service or farming in South Africa, "
                            "without contracts or documents, and with limited protection against abuse and "
                            "exploitation. Women in the diaspora are also entrepreneurs, professionals and "
                            "leaders of associations, and the policy treats them as partners, not only as a "
                            "vulnerable group.</p>"
                            "<p>Gender will be considered systematically in all parts of this policy: data "
                            "will be reported by sex, consultations will seek the views of women and men, "
                            "and each measure will be checked for its effect on women, men, girls and "
                            "boys.</p>"
                            "<p>In addition, the Government will:</p>"
                            "<ul><li>inform women migrants of their rights and of where to seek help;</li>"
                            "<li>cooperate with South African authorities, trade unions and civil society "
                            "on the protection of domestic workers;</li>"
                            "<li>support the families of mine workers and other migrants who stay "
                            "behind;</li>"
                            "<li>seek balanced representation of women and men in the diaspora engagement "
                            "forum, with a target that neither sex holds less than 40 per cent of the "
                            "seats.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "dual-citizenship",
                    "heading": "Dual citizenship",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The 8th constitutional amendment allows Basotho to hold another citizenship "
                            "without losing that of Lesotho. The consultation confirmed that many diaspora "
                            "members are not yet aware of the change, or are unsure how to recover or "
                            "confirm their citizenship. Others report that the documents required are "
                            "difficult to obtain from abroad.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>publish clear guidance, in Sesotho and English, on how to recover or "
                            "confirm citizenship;</li>"
                            "<li>make application forms available online and at missions abroad, and allow "
                            "passport and identity document applications to be started online;</li>"
                            "<li>reduce the number of visits in person required.</li></ul>"
                            "<p>Dual citizens have the same rights and obligations as other citizens. The "
                            "Government will review any remaining provisions that treat them differently, "
                            "such as on access to land, and report on the outcome.</p>",
                        ),
                    ],
                },
                {
                    "key": "remittances",
                    "heading": "Remittances and the cost of sending money",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Remittances are a major source of income for many households, and are "
                            "estimated to be equivalent to a significant share of national income. A large "
                            "part is sent through informal channels or carried in cash across the border, "
                            "because formal services are seen as costly, slow or difficult to use without "
                            "documents. In the first round of consultation, diaspora members reported fees "
                            "and exchange-rate margins well above those advertised.</p>"
                            "<p>Remittances are private money, and the policy does not seek to direct how "
                            "families use them. It aims to make sending money cheaper, safer and "
                            "easier.</p>"
                            "<p>The Government will:</p>"
                            '<ul><li>work with the <a href="https://www.centralbank.org.ls">Central Bank '
                            "of Lesotho</a> and service providers to reduce costs, in line with SDG target "
                            "10.c (below 3 per cent of the amount sent by 2030);</li>"
                            "<li>monitor prices from South Africa, using sources such as the World Bank's "
                            '<a href="https://remittanceprices.worldbank.org">Remittance Prices '
                            "Worldwide</a>;</li>"
                            "<li>promote mobile money, with attention to users who lack documents;</li>"
                            "<li>publish, with the Central Bank, a simple comparison of the full cost of "
                            "the main channels;</li>"
                            "<li>support financial literacy for migrants and their families, in particular "
                            "women who manage household remittances.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-investment",
                    "heading": "Diaspora investment",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Many Basotho abroad wish to invest at home but report a lack of "
                            "information, complicated procedures and limited trust in intermediaries. "
                            "Diaspora investment so far has been mainly in family housing and in small "
                            "enterprises run by relatives. Visits home for cultural events and family "
                            "occasions also create opportunities for tourism and local enterprise.</p>"
                            "<p>The Government, through the Lesotho National Development Corporation (LNDC) "
                            "and the Ministry of Finance, will:</p>"
                            "<ul><li>provide a single point of information for diaspora investors;</li>"
                            "<li>study the feasibility, costs and risks of a diaspora bond before any "
                            "decision is taken;</li>"
                            "<li>explore diaspora investment funds with development partners.</li></ul>"
                            "<p>The Government will not promise returns on any product, and a diaspora bond "
                            "would be issued only if the study shows that it offers good value.</p>",
                        ),
                    ],
                },
                {
                    "key": "skills-transfer",
                    "heading": "Skills transfer",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Lesotho has lost skilled workers in key sectors, including nurses and other "
                            "health workers, teachers and engineers. The policy does not restrict anyone's "
                            "right to leave. It seeks to keep contact with skilled Basotho abroad and to "
                            "let them share their skills, whether or not they return.</p>"
                            "<p>The Government will support:</p>"
                            "<ul><li>a voluntary register of diaspora professionals, kept with the Council "
                            "on Higher Education and professional bodies;</li>"
                            "<li>short-term assignments and remote teaching in hospitals, schools and "
                            "universities, including Botho University;</li>"
                            "<li>recognition of qualifications obtained abroad;</li>"
                            "<li>dialogue with countries that recruit Basotho health workers and teachers, "
                            "on ethical recruitment and circular arrangements.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "youth",
                    "heading": "Young people and students in the diaspora",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Many Basotho abroad are young: students, young workers, and children born "
                            "to Basotho parents outside Lesotho. Their links with Lesotho may be weaker "
                            "than those of their parents, and established associations rarely reach them. "
                            "The consultation showed that their needs had received too little "
                            "attention.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>keep in contact with Basotho students abroad, including holders of "
                            "government scholarships, and inform them of jobs and internships at home;</li>"
                            "<li>support Sesotho language and culture activities for children born abroad, "
                            "with missions and diaspora associations;</li>"
                            "<li>include young people in the diaspora engagement forum;</li>"
                            "<li>use the social media and mobile channels that young people already "
                            "use.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "return-reintegration",
                    "heading": "Return and reintegration",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Some Basotho return after many years abroad, by choice, at retirement, or "
                            "because they have lost their job or their right to stay. Former mine workers, "
                            "and migrants returning without savings or documents, may face particular "
                            "difficulties.</p>"
                            "<p>The Government will provide:</p>"
                            "<ul><li>information for people planning to return on documents, customs rules "
                            "and pensions;</li>"
                            "<li>referral of vulnerable returnees, including victims of trafficking, to "
                            'support services, with <a href="https://www.iom.int">IOM</a> and civil '
                            "society;</li>"
                            "<li>support to former mine workers and their families in claiming benefits and "
                            "compensation owed to them;</li>"
                            "<li>links between returnees and employers through the employment services of "
                            "the Ministry of Labour.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "institutions",
                    "heading": "Institutional arrangements and implementation",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter describes who is responsible for the policy and how it will be "
                            "implemented, monitored and reviewed.</p>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-directorate",
                    "heading": "The Diaspora Directorate",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate is the Government's focal point for diaspora "
                            "affairs. It leads the implementation of this policy and is the first point of "
                            "contact for Basotho abroad.</p>"
                            "<p>The Directorate will:</p>"
                            "<ul><li>maintain regular dialogue with diaspora members and associations;</li>"
                            "<li>convene the diaspora engagement forum and the technical working "
                            "group;</li>"
                            "<li>prepare information in Sesotho and English, suited to mobile phones;</li>"
                            "<li>report each year on implementation.</li></ul>"
                            "<p>Its capacity was strengthened with support from the <a "
                            'href="https://developmentfund.iom.int">IOM Development Fund</a>; the '
                            "Government will provide for its running costs in the national budget.</p>",
                        ),
                    ],
                },
                {
                    "key": "engagement-forum",
                    "heading": "Diaspora engagement forum",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The diaspora engagement forum brings together the Government, "
                            "representatives of the diaspora and key actors of the private sector, to "
                            "exchange information, discuss priorities and follow up on commitments. "
                            "Participants will include diaspora associations from South Africa, the United "
                            "Kingdom, the United States and other countries, civil society, trade unions "
                            "and development partners.</p>"
                            "<p>The forum will meet at least once a year, in Lesotho, with regional "
                            "meetings in South Africa and elsewhere where possible, and with the option to "
                            "take part online. The Directorate will publish a summary of each meeting and "
                            "of the follow-up given to it.</p>",
                        ),
                    ],
                },
                {
                    "key": "coordination",
                    "heading": "Coordination across government",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate will coordinate a technical working group. It "
                            "builds on the group that prepared the draft policy with the support of IOM: "
                            "the Ministries of Labour, Home Affairs, Finance and Foreign Affairs, the "
                            "Lesotho National Development Corporation, Botho University and the Council on "
                            "Higher Education.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Stakeholders and their main roles",
                                "header": ["Stakeholder", "Main role under the policy"],
                                "rows": [
                                    [
                                        "Diaspora Directorate",
                                        "Coordination; secretariat of the forum; reporting",
                                    ],
                                    [
                                        "Ministry of Foreign Affairs",
                                        "Missions abroad; consular services",
                                    ],
                                    [
                                        "Ministry of Home Affairs",
                                        "Citizenship, passports and identity documents",
                                    ],
                                    [
                                        "Ministry of Labour",
                                        "Labour migration; migrant workers; returnees",
                                    ],
                                    [
                                        "Ministry of Finance",
                                        "Remittances, with the Central Bank; diaspora bond study",
                                    ],
                                    [
                                        "Ministries of Health and of Education and Training",
                                        "Workforce planning; assignments for health workers and teachers",
                                    ],
                                    ["Bureau of Statistics", "Data on emigration and return"],
                                    [
                                        "Lesotho National Development Corporation",
                                        "Facilitation for diaspora investors",
                                    ],
                                    [
                                        "Council on Higher Education; Botho University",
                                        "Recognition of qualifications; research",
                                    ],
                                    [
                                        "Diaspora associations",
                                        "Representation; sharing information; the forum",
                                    ],
                                    [
                                        "Private sector and civil society",
                                        "Financial services; support services",
                                    ],
                                    [
                                        "Development partners, including IOM",
                                        "Technical and financial support",
                                    ],
                                ],
                            },
                        ),
                        (
                            "paragraph",
                            "<p>The working group will meet at least once a quarter, and may add other "
                            "institutions as implementation requires. Each member institution will "
                            "designate a focal point.</p>",
                        ),
                    ],
                },
                {
                    "key": "implementation-plan",
                    "heading": "Implementation plan",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The table below sets out priority actions for the first years. Timeframes "
                            "are indicative and counted from adoption.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Implementation matrix (indicative)",
                                "header": ["Action", "Lead institution", "Partners", "Timeframe"],
                                "rows": [
                                    [
                                        "Publish guidance on dual citizenship",
                                        "Ministry of Home Affairs",
                                        "Foreign Affairs; Directorate",
                                        "Year 1",
                                    ],
                                    [
                                        "Convene the first diaspora engagement forum",
                                        "Diaspora Directorate",
                                        "Working group; associations",
                                        "Year 1",
                                    ],
                                    [
                                        "Open a voluntary diaspora register",
                                        "Diaspora Directorate",
                                        "Foreign Affairs",
                                        "Year 1",
                                    ],
                                    [
                                        "Study the cost of sending money from South Africa",
                                        "Ministry of Finance",
                                        "Central Bank; service providers",
                                        "Year 1",
                                    ],
                                    [
                                        "Rights and safe-migration information for women migrant workers",
                                        "Ministry of Labour",
                                        "Ministry responsible for gender; civil society",
                                        "Years 1-2",
                                    ],
                                    [
                                        "Feasibility study on a diaspora bond",
                                        "Ministry of Finance",
                                        "Central Bank; LNDC",
                                        "Year 2",
                                    ],
                                    [
                                        "Information desk for diaspora investors",
                                        "LNDC",
                                        "Directorate",
                                        "Year 2",
                                    ],
                                    [
                                        "Pilot assignments for health workers and teachers",
                                        "Diaspora Directorate",
                                        "Health; Education; Council on Higher Education",
                                        "Years 2-3",
                                    ],
                                    [
                                        "Contact programme for Basotho students abroad",
                                        "Diaspora Directorate",
                                        "Education and Training; missions",
                                        "Years 1-2",
                                    ],
                                    [
                                        "Questions on emigration in national surveys",
                                        "Bureau of Statistics",
                                        "Directorate",
                                        "Years 2-3",
                                    ],
                                    [
                                        "Mid-term review of the policy",
                                        "Diaspora Directorate",
                                        "Working group; forum",
                                        "Year 3",
                                    ],
                                ],
                            },
                        ),
                    ],
                },
                {
                    "key": "monitoring-evaluation",
                    "heading": "Monitoring and evaluation",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate will monitor implementation against the matrix and "
                            "a results framework. Indicators will be disaggregated by sex and, where "
                            "possible, by age and country of residence.</p>"
                            "<p>Illustrative indicators include:</p>"
                            "<ul><li>citizenship applications processed;</li>"
                            "<li>the average cost of sending money from South Africa to Lesotho;</li>"
                            "<li>diaspora professionals on skills-transfer assignments, by sex;</li>"
                            "<li>women and men taking part in the forum and in consultations.</li></ul>"
                            "<p>The Directorate will publish an annual progress report. The policy will be "
                            "reviewed after five years, or earlier if needed, through a process that again "
                            "involves the diaspora.</p>",
                        ),
                    ],
                },
            ],
        },
        {
            "version_label": "Adopted policy",
            "slug": "adopted-policy",
            "published": "2026-07-01",
            "status": "adopted",
            "opens": None,
            "closes": None,
            "introduction": (
                "<p><b>Demonstration content.</b> This version was written for the demonstration of "
                "this consultation platform. It draws on public information about the process that led "
                "to Lesotho's National Diaspora Policy, but it is not the official text and does not "
                "represent the position of the Government of Lesotho.</p>"
                "<p>This is the policy as adopted after two rounds of public consultation. It takes "
                "into account the comments received on Draft 2. The changes made since Draft 2 are "
                "listed below. The Diaspora Directorate will report each year on its "
                "implementation.</p>"
            ),
            "changes_summary": (
                '<ul><li><b>Added</b> a section, "Communication and outreach", because comments in '
                "both rounds showed that many Basotho abroad had not heard of the Directorate, of dual "
                "citizenship or of the consultation. A matching action was added to the implementation "
                "matrix.</li>"
                '<li><b>Retitled</b> "Diaspora engagement forum" as "National Diaspora Engagement '
                'Forum", the name under which it will be established. References to the forum '
                "elsewhere in the text and in the implementation matrix now use this name.</li>"
                '<li><b>Moved</b> "Young people and students in the diaspora" up to follow "Gender '
                'considerations", so that the two sections that apply across all policy areas come '
                "first.</li>"
                '<li><b>Reworded</b> "Skills transfer": the register of professionals will be '
                "online, and dialogue on recruitment will refer to the WHO Global Code of Practice on "
                "the International Recruitment of Health Personnel.</li>"
                '<li><b>Reworded</b> "Monitoring and evaluation": a mid-term review after three '
                "years is added, and figures by sex or age will be published only where numbers are "
                "large enough to protect participants.</li></ul>"
            ),
            "sections": [
                {
                    "key": "context",
                    "heading": "Context and policy direction",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter sets out the background to the policy, the legal framework on "
                            "which it builds, what is known about the Basotho diaspora, and the vision, "
                            "objectives and principles that guide the rest of the document.</p>",
                        ),
                    ],
                },
                {
                    "key": "background",
                    "heading": "Background",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Migration has shaped the economy and society of Lesotho for more than a "
                            "century. Generations of Basotho men worked on the mines of South Africa, and "
                            "in recent decades women have increasingly migrated for work, in particular in "
                            "domestic work, farming and services. Many migrants move back and forth across "
                            "the border, and the line between temporary and permanent migration is often "
                            "unclear. Their earnings support households across the country, and their "
                            "skills, networks and savings are a resource that Lesotho has not yet fully "
                            "drawn on.</p>"
                            "<p>Until now, engagement with the diaspora has been occasional, reactive and "
                            "fragmented. No ministry, department or independent institution has been "
                            "responsible for coordinating relations with the diaspora, and diaspora members "
                            "report unclear or conflicting messages from Government.</p>"
                            "<p>The Government has therefore committed itself to develop a national "
                            "diaspora policy, in an inclusive and participatory way that takes full account "
                            "of the particular profile of the Basotho diaspora and systematically considers "
                            "gender.</p>",
                        ),
                    ],
                },
                {
                    "key": "legal-framework",
                    "heading": "Legal and policy framework",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The 8th amendment to the Constitution, approved by Parliament in 2018, "
                            "allows Basotho to hold dual citizenship. Before it, Basotho who took the "
                            "citizenship of another country could lose that of Lesotho, which discouraged "
                            "many from keeping formal ties with home. The amendment is an important step "
                            "towards engaging the diaspora.</p>"
                            "<p>The citizenship and immigration law of 2018, inspired by the draft "
                            "migration and development policy of 2013, marks a shift towards "
                            "forward-looking migration management that is oriented to development. This "
                            "policy follows the same direction.</p>"
                            "<p>The policy also takes into account:</p>"
                            "<ul><li>the national development plan and its priorities for employment;</li>"
                            "<li>the Global Compact for Safe, Orderly and Regular Migration, adopted by the "
                            "United Nations General Assembly in 2018;</li>"
                            '<li><a href="https://sdgs.un.org/goals/goal10">Sustainable Development Goal '
                            "10</a>, in particular target 10.c on the cost of remittances.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-profile",
                    "heading": "Profile of the Basotho diaspora",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Basotho diaspora is diverse: long-settled families and recent migrants, "
                            "workers with and without documents, students, professionals and business "
                            "owners. Most live in South Africa, many within a few hours of the border, and "
                            "travel home regularly. Smaller communities live in the United Kingdom, the "
                            "United States and elsewhere.</p>"
                            "<p>The employment of Basotho men in South African mines has declined since the "
                            "1990s, while more women have migrated, often to work in domestic service, "
                            "agriculture and the informal sector. Health workers, teachers and other "
                            "professionals have left in search of better pay and conditions.</p>"
                            "<p>Diaspora associations, organised around places of origin, churches, "
                            "professions or studies, are a natural channel for dialogue, but many are "
                            "informal and have limited resources.</p>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-data",
                    "heading": "Evidence and data on the diaspora",
                    "level": 3,
                    "body": [
                        (
                            "paragraph",
                            "<p>There is no reliable count of the Basotho diaspora. Published estimates "
                            "differ widely according to the source and the definition used, and many "
                            "migrants, in particular in South Africa, are not recorded in any official "
                            "statistics. This policy therefore does not rely on a single figure, and any "
                            "figure used in its implementation should be read as an estimate with its "
                            "source.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>work with the Bureau of Statistics to include questions on emigration "
                            "and return in censuses and household surveys;</li>"
                            "<li>invite diaspora members to register voluntarily with the Diaspora "
                            "Directorate;</li>"
                            "<li>cooperate with the statistical offices of the main countries of "
                            "destination;</li>"
                            "<li>publish a short note on diaspora data each year, with figures by sex where "
                            "available.</li></ul>",
                        ),
                        (
                            "table",
                            {
                                "caption": (
                                    "Main countries of residence (illustrative summary, not official data)"
                                ),
                                "header": ["Country", "Main groups", "What is known"],
                                "rows": [
                                    [
                                        "South Africa",
                                        "Workers in mining, domestic work, farming and services; students; "
                                        "families",
                                        "By far the largest community; many not in official statistics",
                                    ],
                                    [
                                        "United Kingdom",
                                        "Health and care workers, students",
                                        "Smaller community; some associations",
                                    ],
                                    [
                                        "United States",
                                        "Professionals, students, families",
                                        "Smaller community; some associations",
                                    ],
                                    [
                                        "Other countries",
                                        "Students, professionals",
                                        "Little information",
                                    ],
                                ],
                            },
                        ),
                    ],
                },
                {
                    "key": "vision-objectives",
                    "heading": "Vision and objectives",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p><b>Vision.</b> A Basotho diaspora that is connected to Lesotho, protected "
                            "in its rights, and contributing to the socio-economic development of the "
                            "Kingdom.</p>"
                            "<p><b>Overall objective.</b> To increase the contribution of the diaspora to "
                            "national development by strengthening the capacity of the Government to "
                            "coordinate diaspora affairs.</p>"
                            "<p><b>Specific objectives:</b></p>"
                            "<ol><li>to establish clear institutional arrangements, led by the Diaspora "
                            "Directorate;</li>"
                            "<li>to build regular, two-way dialogue, including through a National Diaspora "
                            "Engagement Forum;</li>"
                            "<li>to reduce the cost and increase the development impact of "
                            "remittances;</li>"
                            "<li>to facilitate diaspora investment, skills transfer and return;</li>"
                            "<li>to protect the rights and welfare of Basotho abroad;</li>"
                            "<li>to ensure that women, men and young people in the diaspora benefit "
                            "equally; and</li>"
                            "<li>to improve data and evidence on the diaspora.</li></ol>",
                        ),
                    ],
                },
                {
                    "key": "guiding-principles",
                    "heading": "Guiding principles",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The following principles guide the implementation of this policy:</p>"
                            "<ul><li><b>Inclusion and participation.</b> Basotho at home and abroad, women "
                            "and men, are consulted at each stage.</li>"
                            "<li><b>Gender equality.</b> Gender is considered systematically in every "
                            "measure.</li>"
                            "<li><b>Voluntary engagement.</b> The policy creates opportunities, not "
                            "obligations.</li>"
                            "<li><b>Coherence.</b> The diaspora receives one clear message from "
                            "Government.</li>"
                            "<li><b>Transparency.</b> The Government reports publicly on what it has "
                            "done.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "policy-areas",
                    "heading": "Policy areas",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter sets out the issues in each policy area and the measures the "
                            "Government will take.</p>",
                        ),
                    ],
                },
                {
                    "key": "gender",
                    "heading": "Gender considerations",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Migration affects women and men differently. In the past most migrants were "
                            "men employed in mining, while women managed households and farms. Today many "
                            "migrants are women, often in domestic service or farming in South Africa, "
                            "without contracts or documents, and with limited protection against abuse and "
                            "exploitation. Women in the diaspora are also entrepreneurs, professionals and "
                            "leaders of associations, and the policy treats them as partners, not only as a "
                            "vulnerable group.</p>"
                            "<p>Gender will be considered systematically in all parts of this policy: data "
                            "will be reported by sex, consultations will seek the views of women and men, "
                            "and each measure will be checked for its effect on women, men, girls and "
                            "boys.</p>"
                            "<p>In addition, the Government will:</p>"
                            "<ul><li>inform women migrants of their rights and of where to seek help;</li>"
                            "<li>cooperate with South African authorities, trade unions and civil society "
                            "on the protection of domestic workers;</li>"
                            "<li>support the families of mine workers and other migrants who stay "
                            "behind;</li>"
                            "<li>seek balanced representation of women and men in the National Diaspora "
                            "Engagement Forum, with a target that neither sex holds less than 40 per cent "
                            "of the seats.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "youth",
                    "heading": "Young people and students in the diaspora",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Many Basotho abroad are young: students, young workers, and children born "
                            "to Basotho parents outside Lesotho. Their links with Lesotho may be weaker "
                            "than those of their parents, and established associations rarely reach them. "
                            "The consultation showed that their needs had received too little "
                            "attention.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>keep in contact with Basotho students abroad, including holders of "
                            "government scholarships, and inform them of jobs and internships at home;</li>"
                            "<li>support Sesotho language and culture activities for children born abroad, "
                            "with missions and diaspora associations;</li>"
                            "<li>include young people in the National Diaspora Engagement Forum;</li>"
                            "<li>use the social media and mobile channels that young people already "
                            "use.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "dual-citizenship",
                    "heading": "Dual citizenship",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The 8th constitutional amendment allows Basotho to hold another citizenship "
                            "without losing that of Lesotho. The consultation confirmed that many diaspora "
                            "members are not yet aware of the change, or are unsure how to recover or "
                            "confirm their citizenship. Others report that the documents required are "
                            "difficult to obtain from abroad.</p>"
                            "<p>The Government will:</p>"
                            "<ul><li>publish clear guidance, in Sesotho and English, on how to recover or "
                            "confirm citizenship;</li>"
                            "<li>make application forms available online and at missions abroad, and allow "
                            "passport and identity document applications to be started online;</li>"
                            "<li>reduce the number of visits in person required.</li></ul>"
                            "<p>Dual citizens have the same rights and obligations as other citizens. The "
                            "Government will review any remaining provisions that treat them differently, "
                            "such as on access to land, and report on the outcome.</p>",
                        ),
                    ],
                },
                {
                    "key": "remittances",
                    "heading": "Remittances and the cost of sending money",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Remittances are a major source of income for many households, and are "
                            "estimated to be equivalent to a significant share of national income. A large "
                            "part is sent through informal channels or carried in cash across the border, "
                            "because formal services are seen as costly, slow or difficult to use without "
                            "documents. In the first round of consultation, diaspora members reported fees "
                            "and exchange-rate margins well above those advertised.</p>"
                            "<p>Remittances are private money, and the policy does not seek to direct how "
                            "families use them. It aims to make sending money cheaper, safer and "
                            "easier.</p>"
                            "<p>The Government will:</p>"
                            '<ul><li>work with the <a href="https://www.centralbank.org.ls">Central Bank '
                            "of Lesotho</a> and service providers to reduce costs, in line with SDG target "
                            "10.c (below 3 per cent of the amount sent by 2030);</li>"
                            "<li>monitor prices from South Africa, using sources such as the World Bank's "
                            '<a href="https://remittanceprices.worldbank.org">Remittance Prices '
                            "Worldwide</a>;</li>"
                            "<li>promote mobile money, with attention to users who lack documents;</li>"
                            "<li>publish, with the Central Bank, a simple comparison of the full cost of "
                            "the main channels;</li>"
                            "<li>support financial literacy for migrants and their families, in particular "
                            "women who manage household remittances.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-investment",
                    "heading": "Diaspora investment",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Many Basotho abroad wish to invest at home but report a lack of "
                            "information, complicated procedures and limited trust in intermediaries. "
                            "Diaspora investment so far has been mainly in family housing and in small "
                            "enterprises run by relatives. Visits home for cultural events and family "
                            "occasions also create opportunities for tourism and local enterprise.</p>"
                            "<p>The Government, through the Lesotho National Development Corporation (LNDC) "
                            "and the Ministry of Finance, will:</p>"
                            "<ul><li>provide a single point of information for diaspora investors;</li>"
                            "<li>study the feasibility, costs and risks of a diaspora bond before any "
                            "decision is taken;</li>"
                            "<li>explore diaspora investment funds with development partners.</li></ul>"
                            "<p>The Government will not promise returns on any product, and a diaspora bond "
                            "would be issued only if the study shows that it offers good value.</p>",
                        ),
                    ],
                },
                {
                    "key": "skills-transfer",
                    "heading": "Skills transfer",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Lesotho has lost skilled workers in key sectors, including nurses and other "
                            "health workers, teachers and engineers. The policy does not restrict anyone's "
                            "right to leave. It seeks to keep contact with skilled Basotho abroad and to "
                            "let them share their skills, whether or not they return.</p>"
                            "<p>The Government will support:</p>"
                            "<ul><li>a voluntary online register of diaspora professionals, kept with the "
                            "Council on Higher Education and professional bodies;</li>"
                            "<li>short-term assignments and remote teaching in hospitals, schools and "
                            "universities, including Botho University;</li>"
                            "<li>recognition of qualifications obtained abroad;</li>"
                            "<li>dialogue with countries that recruit Basotho health workers and teachers, "
                            "on ethical recruitment and circular arrangements, with reference to the WHO "
                            "Global Code of Practice on the International Recruitment of Health "
                            "Personnel.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "return-reintegration",
                    "heading": "Return and reintegration",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Some Basotho return after many years abroad, by choice, at retirement, or "
                            "because they have lost their job or their right to stay. Former mine workers, "
                            "and migrants returning without savings or documents, may face particular "
                            "difficulties.</p>"
                            "<p>The Government will provide:</p>"
                            "<ul><li>information for people planning to return on documents, customs rules "
                            "and pensions;</li>"
                            "<li>referral of vulnerable returnees, including victims of trafficking, to "
                            'support services, with <a href="https://www.iom.int">IOM</a> and civil '
                            "society;</li>"
                            "<li>support to former mine workers and their families in claiming benefits and "
                            "compensation owed to them;</li>"
                            "<li>links between returnees and employers through the employment services of "
                            "the Ministry of Labour.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "institutions",
                    "heading": "Institutional arrangements and implementation",
                    "level": 1,
                    "body": [
                        (
                            "paragraph",
                            "<p>This chapter describes who is responsible for the policy and how it will be "
                            "implemented, monitored and reviewed.</p>",
                        ),
                    ],
                },
                {
                    "key": "diaspora-directorate",
                    "heading": "The Diaspora Directorate",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate is the Government's focal point for diaspora "
                            "affairs. It leads the implementation of this policy and is the first point of "
                            "contact for Basotho abroad.</p>"
                            "<p>The Directorate will:</p>"
                            "<ul><li>maintain regular dialogue with diaspora members and associations;</li>"
                            "<li>convene the National Diaspora Engagement Forum and the technical working "
                            "group;</li>"
                            "<li>prepare information in Sesotho and English, suited to mobile phones;</li>"
                            "<li>report each year on implementation.</li></ul>"
                            "<p>Its capacity was strengthened with support from the <a "
                            'href="https://developmentfund.iom.int">IOM Development Fund</a>; the '
                            "Government will provide for its running costs in the national budget.</p>",
                        ),
                    ],
                },
                {
                    "key": "engagement-forum",
                    "heading": "National Diaspora Engagement Forum",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The National Diaspora Engagement Forum brings together the Government, "
                            "representatives of the diaspora and key actors of the private sector, to "
                            "exchange information, discuss priorities and follow up on commitments. "
                            "Participants will include diaspora associations from South Africa, the United "
                            "Kingdom, the United States and other countries, civil society, trade unions "
                            "and development partners.</p>"
                            "<p>The forum will meet at least once a year, in Lesotho, with regional "
                            "meetings in South Africa and elsewhere where possible, and with the option to "
                            "take part online. The Directorate will publish a summary of each meeting and "
                            "of the follow-up given to it.</p>",
                        ),
                    ],
                },
                {
                    "key": "communication",
                    "heading": "Communication and outreach",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>Comments in both rounds of consultation showed that many Basotho abroad did "
                            "not know about the Diaspora Directorate, dual citizenship or the consultation "
                            "itself. Clear and consistent communication is a condition for the success of "
                            "this policy.</p>"
                            "<p>The Diaspora Directorate will:</p>"
                            "<ul><li>publish information in Sesotho and English, in short formats suited to "
                            "phones and limited data;</li>"
                            "<li>keep one official channel for diaspora information, linked from the "
                            'Government portal at <a href="https://www.gov.ls">www.gov.ls</a>;</li>'
                            "<li>reach people who are not online through missions, associations, churches "
                            "and community radio;</li>"
                            "<li>report back after each consultation on what was heard and what "
                            "changed.</li></ul>",
                        ),
                    ],
                },
                {
                    "key": "coordination",
                    "heading": "Coordination across government",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate will coordinate a technical working group. It "
                            "builds on the group that prepared the draft policy with the support of IOM: "
                            "the Ministries of Labour, Home Affairs, Finance and Foreign Affairs, the "
                            "Lesotho National Development Corporation, Botho University and the Council on "
                            "Higher Education.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Stakeholders and their main roles",
                                "header": ["Stakeholder", "Main role under the policy"],
                                "rows": [
                                    [
                                        "Diaspora Directorate",
                                        "Coordination; secretariat of the forum; reporting",
                                    ],
                                    [
                                        "Ministry of Foreign Affairs",
                                        "Missions abroad; consular services",
                                    ],
                                    [
                                        "Ministry of Home Affairs",
                                        "Citizenship, passports and identity documents",
                                    ],
                                    [
                                        "Ministry of Labour",
                                        "Labour migration; migrant workers; returnees",
                                    ],
                                    [
                                        "Ministry of Finance",
                                        "Remittances, with the Central Bank; diaspora bond study",
                                    ],
                                    [
                                        "Ministries of Health and of Education and Training",
                                        "Workforce planning; assignments for health workers and teachers",
                                    ],
                                    ["Bureau of Statistics", "Data on emigration and return"],
                                    [
                                        "Lesotho National Development Corporation",
                                        "Facilitation for diaspora investors",
                                    ],
                                    [
                                        "Council on Higher Education; Botho University",
                                        "Recognition of qualifications; research",
                                    ],
                                    [
                                        "Diaspora associations",
                                        "Representation; sharing information; the forum",
                                    ],
                                    [
                                        "Private sector and civil society",
                                        "Financial services; support services",
                                    ],
                                    [
                                        "Development partners, including IOM",
                                        "Technical and financial support",
                                    ],
                                ],
                            },
                        ),
                        (
                            "paragraph",
                            "<p>The working group will meet at least once a quarter, and may add other "
                            "institutions as implementation requires. Each member institution will "
                            "designate a focal point.</p>",
                        ),
                    ],
                },
                {
                    "key": "implementation-plan",
                    "heading": "Implementation plan",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The table below sets out priority actions for the first years. Timeframes "
                            "are indicative and counted from adoption.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Implementation matrix (indicative)",
                                "header": ["Action", "Lead institution", "Partners", "Timeframe"],
                                "rows": [
                                    [
                                        "Publish guidance on dual citizenship",
                                        "Ministry of Home Affairs",
                                        "Foreign Affairs; Directorate",
                                        "Year 1",
                                    ],
                                    [
                                        "Convene the first National Diaspora Engagement Forum",
                                        "Diaspora Directorate",
                                        "Working group; associations",
                                        "Year 1",
                                    ],
                                    [
                                        "Open a voluntary diaspora register",
                                        "Diaspora Directorate",
                                        "Foreign Affairs",
                                        "Year 1",
                                    ],
                                    [
                                        "Open one mobile-friendly channel for diaspora information",
                                        "Diaspora Directorate",
                                        "Foreign Affairs; missions",
                                        "Year 1",
                                    ],
                                    [
                                        "Study the cost of sending money from South Africa",
                                        "Ministry of Finance",
                                        "Central Bank; service providers",
                                        "Year 1",
                                    ],
                                    [
                                        "Rights and safe-migration information for women migrant workers",
                                        "Ministry of Labour",
                                        "Ministry responsible for gender; civil society",
                                        "Years 1-2",
                                    ],
                                    [
                                        "Feasibility study on a diaspora bond",
                                        "Ministry of Finance",
                                        "Central Bank; LNDC",
                                        "Year 2",
                                    ],
                                    [
                                        "Information desk for diaspora investors",
                                        "LNDC",
                                        "Directorate",
                                        "Year 2",
                                    ],
                                    [
                                        "Pilot assignments for health workers and teachers",
                                        "Diaspora Directorate",
                                        "Health; Education; Council on Higher Education",
                                        "Years 2-3",
                                    ],
                                    [
                                        "Contact programme for Basotho students abroad",
                                        "Diaspora Directorate",
                                        "Education and Training; missions",
                                        "Years 1-2",
                                    ],
                                    [
                                        "Questions on emigration in national surveys",
                                        "Bureau of Statistics",
                                        "Directorate",
                                        "Years 2-3",
                                    ],
                                    [
                                        "Mid-term review of the policy",
                                        "Diaspora Directorate",
                                        "Working group; forum",
                                        "Year 3",
                                    ],
                                ],
                            },
                        ),
                    ],
                },
                {
                    "key": "monitoring-evaluation",
                    "heading": "Monitoring and evaluation",
                    "level": 2,
                    "body": [
                        (
                            "paragraph",
                            "<p>The Diaspora Directorate will monitor implementation against the matrix and "
                            "a results framework. Indicators will be disaggregated by sex and, where "
                            "possible, by age and country of residence.</p>"
                            "<p>Illustrative indicators include:</p>"
                            "<ul><li>citizenship applications processed;</li>"
                            "<li>the average cost of sending money from South Africa to Lesotho;</li>"
                            "<li>diaspora professionals on skills-transfer assignments, by sex;</li>"
                            "<li>women and men taking part in the forum and in consultations.</li></ul>"
                            "<p>The Directorate will publish an annual progress report. Figures by sex or "
                            "age will be published only where numbers are large enough to protect the "
                            "identity of participants. The policy will have a mid-term review after three "
                            "years and a full review after five years, through a process that again "
                            "involves the diaspora.</p>",
                        ),
                    ],
                },
            ],
        },
    ],
}


def _review_round(adopted: dict) -> dict:
    """Draft 3: the demonstration's review of the adopted policy, open for comments. Its
    window is set relative to the day the demo is loaded (opens/closes None)."""
    draft = copy.deepcopy(adopted)
    draft.update(
        version_label="Draft 3",
        slug="draft-3",
        status="open",
        opens=None,
        closes=None,
        published=None,
        introduction=(
            "<p><b>Demonstration content.</b> Draft 3 is the demonstration's review round: a "
            "revision of the adopted policy, open for comments. It is not an official text.</p>"
            "<p>Comment on any section. The drafters particularly ask for views on the new "
            "section on digital services and on the cost of mobile money.</p>"
        ),
        changes_summary=(
            '<ul><li><b>Added</b> a section, "Digital services for Basotho abroad".</li>'
            '<li><b>Retitled</b> "Return and reintegration" as "Return, reintegration and '
            'circular migration".</li>'
            "<li><b>Reworded</b> the remittances section to cover the cost of mobile money.</li>"
            "</ul>"
        ),
    )
    sections = draft["sections"]
    by_key = {section["key"]: section for section in sections}
    by_key["return-reintegration"]["heading"] = "Return, reintegration and circular migration"
    by_key["remittances"]["body"].append(
        (
            "paragraph",
            "<p>Mobile money now carries a growing share of transfers from South Africa. Its "
            "fees and exchange margins will be included in the published comparison of costs.</p>",
        )
    )
    position = sections.index(by_key["remittances"]) + 1
    sections.insert(
        position,
        {
            "key": "digital-services",
            "heading": "Digital services for Basotho abroad",
            "level": 2,
            "body": [
                (
                    "paragraph",
                    "<p>Many services still require a visit to Maseru or to a mission. The "
                    "Government will let Basotho abroad start passport, identity and citizenship "
                    "applications online and follow them by phone.</p>"
                    "<p>Online services will work on basic phones and low-cost data, in Sesotho "
                    "and English, with help desks at missions for those who are not online.</p>",
                )
            ],
        },
    )
    return draft


POLICY["drafts"].append(_review_round(POLICY["drafts"][-1]))
