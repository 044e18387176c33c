"""Demonstration comments (data only), by section key. Texts are invented for the demo."""

COMMENTS = {
    "dual-citizenship": [
        "Many of us in Gauteng still do not know how to get our Lesotho citizenship back after "
        "naturalising. Please say which office handles this.",
        "Children born abroad to Basotho parents should be covered explicitly.",
        "Dual citizenship is welcome, but passports take months at the High Commission in "
        "Pretoria. The policy should set a service standard.",
        "Land rights for dual citizens must be clarified; families worry they will lose fields.",
    ],
    "remittances": [
        "Sending R1,000 home costs me almost R100 at the counter. Mobile money is cheaper but "
        "my mother cannot cash out in the village.",
        "The Central Bank should publish the real cost of each channel every quarter.",
        "Women who manage remittances at home need financial literacy support, not only the "
        "senders.",
        "Informal taxi transfers are risky; please work with South African banks on ID "
        "requirements for undocumented workers.",
    ],
    "gender": [
        "Domestic workers in Johannesburg are mostly women with no contracts. The policy should "
        "name them and the help they can get.",
        "The 40 per cent target for the forum is a good start; please apply it to the working "
        "group too.",
        "Wives of mine workers who stayed behind are part of the diaspora story. Include them.",
    ],
    "youth": [
        "Students abroad want internships at home but never hear about them. A mailing list "
        "would help.",
        "Sesotho classes for our children in Cape Town would keep them connected.",
        "Young people do not read long documents: share the policy on WhatsApp and TikTok.",
    ],
    "engagement-forum": [
        "Hold forum meetings in Johannesburg, not only in Maseru. Most of us cannot travel.",
        "The forum must publish what it decided and what the Government did afterwards.",
        "Please allow diaspora associations in the UK to take part online.",
    ],
    "diaspora-investment": [
        "A diaspora bond could work if it can be bought from South Africa in rand.",
        "Small businesses run by relatives need access to credit, not only big investors.",
        "Investors need one contact point at LNDC, with answers in weeks not months.",
    ],
    "skills-transfer": [
        "As a nurse in Bloemfontein I would teach in Lesotho for a month a year if leave and "
        "travel were arranged.",
        "Recognition of qualifications obtained abroad takes too long. Set a deadline.",
    ],
    "diaspora-data": [
        "Count us properly: the census misses people who work across the border every week.",
        "Publish the figures by sex and by district of origin.",
    ],
    "coordination": [
        "Home Affairs, Foreign Affairs and Labour each tell us different things. One voice please.",
        "The working group should include a representative of diaspora associations.",
    ],
    "diaspora-directorate": [
        "The Directorate needs staff at the missions, not only in Maseru.",
        "Please publish a phone number and a WhatsApp line for the Directorate.",
    ],
    "implementation-plan": [
        "Year 1 is too ambitious without a budget line. Which ministry pays?",
        "Add a timeframe for the online passport service.",
    ],
    "digital-services": [
        "Online applications must work on a basic phone with little data.",
        "Please let us pay fees online with South African bank cards.",
    ],
}

REPLIES = [
    "Thank you. The Diaspora Directorate has noted this for the next draft.",
    "I agree: the same happened to my family in Welkom.",
    "The Ministry of Home Affairs is preparing guidance on this and will publish it online.",
    "Our association raised the same point at the forum in Johannesburg.",
]

SPEAKERS = [
    # name, gender, sector, country, organisation, on behalf, anonymous
    ("Palesa Mokoena", "woman", "Diaspora association", "ZA", "", False, False),
    ("Thabo Letsie", "man", "Individual citizen", "ZA", "", False, False),
    ("Lineo Mofokeng", "woman", "Women's organisation", "ZA", "Basotho Women in Gauteng", True, False),
    ("Teboho Ramoeletsi", "man", "Private sector or business", "LS", "Lesotho Chamber of Commerce", True, False),
    ("Mpho Sekhesa", "another", "Youth organisation", "ZA", "", False, True),
    ("Nthabiseng Lebona", "woman", "Academia or research", "GB", "", False, False),
    ("Ministry of Home Affairs", "undisclosed", "Government ministry or agency", "LS", "Ministry of Home Affairs", True, False),
    ("Karabo Motsamai", "man", "Diaspora association", "GB", "Basotho Diaspora Association UK", True, False),
    ("Rethabile Ntsane", "woman", "Civil society or NGO", "LS", "", False, False),
    ("Tumelo Khoali", "man", "Individual citizen", "US", "", False, True),
    ("Limpho Matete", "woman", "Faith-based organisation", "ZA", "", False, False),
    ("Bokang Mphutlane", "man", "Academia or research", "BW", "", False, False),
    ("Refiloe Sello", "undisclosed", "Media", "LS", "", False, False),
    ("Puleng Hlalele", "woman", "Development partner or UN agency", "LS", "", False, False),
    ("Sechaba Tau", "man", "Local government", "LS", "", False, False),
    ("Masechaba Phiri", "woman", "Individual citizen", "AU", "", False, False),
    ("Neo Mokhele", "woman", "Youth organisation", "IE", "", False, False),
    ("Hon. T. Majara", "man", "Parliament", "LS", "", False, False),
]  # fmt: skip

SUBMISSIONS = [
    # draft slug, name, sector, country, gender, text, published
    ("draft-2", "Lesotho Chamber of Commerce", "Private sector or business", "LS", "undisclosed",
     "The Chamber supports Draft 2 and proposes a single investment desk for the diaspora at "
     "LNDC, with published response times, and a yearly investment forum in Johannesburg.",
     True),
    ("draft-3", "Basotho Women in Gauteng", "Women's organisation", "ZA", "woman",
     "Our members are domestic and farm workers. We ask that the policy name the help "
     "available to women without documents and fund legal clinics with the missions.",
     False),
]  # fmt: skip
