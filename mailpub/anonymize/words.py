"""Word lists used by the rule-based anonymizer (pure data, no logic).

All sets hold lower-case, accent-folded words. They exist for *restraint*:
a capitalised word in one of them is not taken for a company or a person
unless a stronger signal says so (gazetteer, legal suffix, "called X").
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common English words (function words, frequent nouns/verbs/adjectives/adverbs).
# A lower-case word after a strong employment cue is a company candidate only
# when it is NOT here (nor an inflection of a word here).
COMMON = _words(
    """
    a about above across act action actually add added after afternoon again against age ago
    agree ahead aim all allow almost alone along already also although always am among amount
    an and angry annual another answer any anyone anything anyway anywhere apart apply
    appreciate approach april are area around arrive art as ask asked asking asap assume at
    attend august available average avoid away awful baby back bad badly bag balance bank base
    based basic basically be beach bear beat beautiful became because become bed been before
    began begin behind being believe below benefit best better between beyond big bill bit
    black blue board body book boost born boss both bottom bought box boy brain brand break
    bright bring broke broken brother brought brown budget build building built burn burnout
    business busy but buy by call came camp can cannot capital car card care career careful
    carry case cash cause center centre certain chance change changed charge chat cheap check
    child children choice choose city claim class clean clear clearly client close coach code
    coffee cold college colleague colleagues come comes coming common company compare complete
    completely concern condition consider contact continue contract control cool core corner
    cost could council count country couple course court cover crazy create credit culture
    current currently customer cut daily damage dark data date daughter day days dead deal dear
    death decade decide decided decision deep definitely degree delivery department depend
    design desk despite detail develop development did die different difficult digital dinner
    direct direction director do does doing done door double down draft dream drive drop due
    during each early earn earning easily east easy eat economy edge effort eight either else
    email employee employees end energy engineer engineering enjoy enough entire entry equal
    especially even evening event ever every everyone everything exactly example excellent
    except exchange excited exciting expect experience explain extra eye face fact fail fair
    fall family far fast father fear feature february feel feeling felt few field fifty fight
    figure file fill final finally finance find fine finish fire firm first fit five fix flat
    floor fly focus follow food foot for force forces forget form former forward found four
    free friday friend friends from front full fun future gain game gap general get gets
    getting girl give given glad global go goal goes going gone good got great green grey gray
    ground group grow growing growth guess guy hair half hand handle hang happen happy hard
    has hate have having he head health hear heard heart hello help her here hey hi high
    higher him himself hire hired his history hit hold holiday home honest honestly hope
    horrible hour hours house how however huge human hundred hurt i idea if imagine impact
    important improve in include including increase indeed industry inside instead interest
    interested interesting interview into is issue it its itself january job jobs join joined
    joining joy july jump june junior just keep kept key kid kind know knowledge known lack
    lady land language large last late later lead leader learn least leave led left legal less
    let letter level life light like likely limit line list listen little live local lock long
    look looking lose loss lost lot lots love low luck lunch made main major make making man
    manage manager many march market marketing master matter may maybe me mean meaning meet
    meeting member men mention mess message met middle might mind mine minute miss model moment
    monday money month months more morning most mostly mother move moved much must my myself
    name nature near nearly need needed negative neither never new news next nice night nine no
    nobody none nor normal north not note nothing notice november now number objective
    obviously october of off offer offered office often oh ok okay old on once one ones online
    only onto open opportunity option or order other others otherwise our ours ourselves out
    outside over overall own owner page paid pain paper parent part partner party pass past pay
    paying peace people per percent perfect perhaps period person personal phone pick picture
    piece place plan plant play please plenty plus point policy poor position positive
    possible post power practice prefer present pressure pretty previous price private
    probably problem process product profit program project promotion proper public pull push
    put quality quarter question quick quickly quiet quit quite race raise ran range rate
    rather reach read ready real really reason recent recently record red reduce regular
    relationship remain remember remote report request research resume rest result return
    review rich right rise risk road role room round rule run running safe said salary sale
    same saturday save saw say saying scale scared school science score search season second
    secret section see seem seems seen sell send senior sense september serious service set
    seven several shall share she shift short should show shut sick side sign similar simple
    simply since single sir sister sit site situation six size skill skills sleep slow small
    smart so social some somebody someone something sometimes somewhere son soon sorry sort
    sound source south space speak special specific spend spent spring staff stage stand star
    start started state stay step still stock stop story straight strange street stress
    strong student study stuff stupid style subject success such suddenly suggest summer sun
    sunday super support suppose sure surprise system table take taken taking talk task tax
    team tech tell ten term terrible test than thank thanks that the their them themselves
    then there therefore these they thing things think third this those though thought
    thousand three through thursday time times tired title to today together told tomorrow
    tonight too took top total touch tough toward towards town track trade train training
    travel tried trip trouble true trust truth try trying tuesday turn twice two type under
    understand unfortunately union unit university unless until up upon us use used useful
    usual usually value very via view visit voice wait walk wall want wanted war was watch
    water way we wear website wednesday week weekend weeks weird welcome well went were west
    what whatever when where whether which while white who whole whom whose why wide wife will
    win window winter wish with within without woman women wonder wonderful word work worked
    worker working works world worried worry worse worst worth would write wrong year years
    yes yesterday yet you young your yours yourself zero
    able absolutely academia academic access account achieve acquire acquired active
    actual address admin advance advice afraid agency agent agreement alright amazing
    analysis analyst ambitious anxious apartment application applied approved architect
    assistant associate attention attitude author automation aware awesome background bachelor
    bar basis battle beginning behalf benefits bonus boring boutique brave brief broad
    candidate capable capacity career-wise careers certificate certification chain chair
    challenge challenging channel character cheaper chief childcare church circle citizen
    civil closer cloud club coding comfort comfortable commute commuting compensation
    competitive complex confidence confident conference connection consultancy consultant
    consulting contractor conversation corporate corporation counter courage coworker
    coworkers creative crisis critical crowd cry curious cycle dad daily deadline debt
    decent defense degree delay demand deploy deserve desire detailed developer devil
    diploma disappointed discussion distance doctor document dollar dollars domestic
    dozen drama dress due earlier easier economic edition education effect efficient
    elsewhere emotional employer employers employment empty engineers enterprise entirely
    environment equity escape essentially estate ethics evaluation everybody evidence
    exact exam excuse executive exhausted exhausting expensive expert explore exposure
    extremely factory faculty failure fairly faith famous fantastic farm fashion father
    favorite favourite fee feedback fellow female fifteen finance financial fintech
    flexible folks foreign forever formal fortune foundation founder founding frankly
    freelance freelancer freedom fresh frustrated frustrating fulltime fund funding funny
    further gig given goodbye government grade graduate graduated grateful greedy gross
    guidance guilty habit happily harder hardly harm headquarters healthy heavy hell hero
    hiring hobby homework honor hospital host hot hotel hq huge humble hunt husband ideal
    identity ignore ill immediately income independent individual industry inflation
    informal initial innovation insane insight insurance intern internal international
    internship interviews investment invite involved island items january jerk journey
    judge junk kindly knowing lab labs laid late lately law lawyer layoff layoffs lazy
    leadership lean learning lecture lesson lie lifestyle likewise linear literally
    loan location logistics lonely loyal lucky machine mad magic mainly male mall management
    manufacturing marriage married mate maternity math maths meanwhile media medical
    medium mental mentor mentorship merger messy method mid midnight mile military million
    minimum minor mistake mobile modern mom mood moral mortgage motivated motivation mum
    nation natural necessary negotiate negotiation nervous network networking neither
    newly nightmare noise nonprofit nurse obvious occasionally office offices officer
    offline ongoing operations opinion opposite organization organisation original
    outsourcing overtime overwhelmed package panic paperwork parental parents particular
    partly partnership passion passionate patient pension perk perks permanent personally
    phase physical pitch planning platform pleased pocket politics poorly portfolio
    possibly potential poverty practical pregnant premium preparing presentation pretty
    primary principal prior priority prison probation procedure production productive
    profession professional professor profile progress promoted promotions proposal proud
    prove provide psychology purpose qualification qualified quarterly questions rarely raw
    reasonable recruiter recruiters recruiting redundancy redundant reference regards region
    regret relevant relocate relocation remotely rent replace reply requirements respect
    responsibility responsible restaurant resignation resign resigned retail retire
    retirement revenue rid ridiculous role roles rough routine rude sabbatical sad sadly
    salaries sales sample satisfied scary schedule scratch screen seat secure security
    selfish seniority settle severance sexual shame shop shopping silly skip slightly
    smaller software solid solution somewhat specialist sport sports stable startup
    startups statement status steady stipend stressed stressful strongly struggle
    struggling stuck studio suburb sudden sufficient suitable supervisor supply survey
    switch talent teacher teaching teammates technical technically technology temporary
    tenure terms thesis thinking thorough threat thus ticket tight tiny tool tools toxic
    traditional transition transfer treat trial tricky truly tuition typical ugly
    unemployed unemployment unfair unhappy unique unit unpaid upset urgent valuable
    various vendor venture version village volunteer wage wages wealth weather weekly
    welfare wherever wholesale wild willing wise wonderful workload workplace worldwide
    yeah yep younger
    apple target shell square oracle meta visa orange next boots sky three bolt
    won don can isn wasn didn couldn shouldn wouldn aren hasn haven weren doesn mustn needn
    notion slack zoom block snap mars gap lemonade wise
    teammate teammates labmate labmates classmate classmates coursemate coursemates
    flatmate flatmates housemate housemates roommate roommates workmate workmates
    batchmate batchmates groupmate cofounder co-founder
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million dozen half quarter
    bootcamp bootcamps insurtech insurtechs edtech proptech healthtech regtech agritech
    onboarding offboarding upskilling reskilling influencer influencers telco telcos saas
    devops
    """
)

# Capitalised words that are never a company by themselves: roles, departments,
# degrees, technologies, calendar words, pronouns, generic institutions.
# Titles before a name that are not names themselves ("Eng. Hany", "Frau Schulte"); the
# English honorifics (mr, dr …) are in STOP_CAPS's own list and lexicon.HONORIFICS.
NAME_TITLES = _words(
    """
    professor eng engr herr frau sr sra srta dra mme mlle madame monsieur rev ing lic arq
    dipl bey hanim hanım sensei ustaz ustadh ustazah domnul domnule doamna doamnă pani
    puan encik cik datuk dato datin hajah alhaji alhaja hajia senhor senhora signor signora
    signore meneer mevrouw mevr dhr sayın sayin efendi shri smt thiru tmt khun daw maung
    """
)

STOP_CAPS = _words(
    """
    i im ive id ill me my we our you he she they it this that these those the a an mr mrs
    ms miss dr prof sir madam dear hi hello hey thanks regards best cheers ps p.s
    ok okay yes no not also but and or so if when then there here what why how who where
    which after before since while because although however also just maybe please sorry
    ceo cto cfo coo cmo cio cpo cso ciso chro cdo vp svp evp avp md gm hr hrbp pm tpm pmp
    po ux ui qa it ai ml nlp llm llms cv sql nosql etl bi dba sre swe sde devops mlops
    dataops okr okrs kpi kpis pip roi b2b b2c saas paas api apis sdk ide cicd ci cd crm erp
    mba msc bsc ba bs ms ma phd ph.d mphil md jd llm cpa cfa acca cima pmp prince2 csm psm
    itil cissp gcse alevel alevels ged gpa sat gre gmat ielts toefl
    bachelor bachelors master masters doctorate degree diploma certificate certification
    undergrad undergraduate postgrad postgraduate graduate thesis dissertation
    python java javascript typescript scala rust golang go kotlin swift ruby php perl r
    matlab julia haskell elixir clojure c c++ csharp dotnet .net excel powerpoint word
    outlook tableau powerbi looker spark pyspark hadoop hive kafka airflow dbt kubernetes
    k8s docker terraform ansible jenkins git linux unix windows macos ios android react
    angular vue svelte django flask fastapi pandas numpy scipy pytorch tensorflow keras
    jax sklearn jupyter html css json xml yaml graphql rest grpc postgres postgresql mysql
    sqlite mongodb redis elasticsearch jira confluence trello
    agile scrum kanban lean six sigma green belt black
    ceo's manager managers director directors head lead leads senior junior staff
    principal chief officer executive president vice founder cofounder co-founder owner
    partner associate analyst engineer engineers developer developers scientist
    scientists designer designers consultant consultants architect architects specialist
    intern interns trainee apprentice recruiter recruiters coordinator administrator
    assistant secretary accountant auditor lawyer attorney paralegal nurse doctor
    physician surgeon teacher professor lecturer researcher fellow student students
    team teams department departments division unit office offices committee board council
    operations sales marketing finance accounting legal compliance engineering product
    products design research support success customer customers service services people
    talent recruiting procurement strategy business development growth data science
    analytics platform infrastructure security quality management leadership executive
    review reviews performance improvement plan annual quarterly monthly weekly bonus
    retention raise offer letter contract probation
    company corporation firm startup start-up employer agency consultancy enterprise
    university uni college school academy institute hospital clinic government ministry
    headquarters hq
    learning vision deep big artificial intelligence computer language processing cloud
    web frontend backend fullstack stack hardware eod asap fyi tbd eta ooo wfh rto
    q1 q2 q3 q4 h1 h2 fy ytd ops chatgpt gpt copilot gemini claude llama covid covid-19
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    christmas xmas easter thanksgiving ramadan eid hanukkah diwali passover halloween
    tet chuseok seollal sankranti pongal onam holi navratri dussehra durga puja lohri
    baisakhi vaisakhi bihu ugadi nowruz songkran vesak obon kwanzaa juneteenth hogmanay
    carnaval carnival iftar suhoor pesach sukkot shavuot purim rosh hashanah yom kippur
    bayram kurban ramazan qingming deepavali deepawali matariki galungan kuningan nyepi
    thaipusam
    oi bonjour salut ciao hola hallo hej takk tack danke gracias obrigado obrigada
    merci grazie beijos abraços abracos saludos cumprimentos shukran namaste salaam salam
    asante spasibo arigato jazakallah inshallah mashallah alhamdulillah
    dyakuyu дякую спасибо благодарю dziekuje dziękuję dekuji děkuji dakujem ďakujem
    multumesc mulțumesc mulţumesc tesekkur teşekkür teşekkürler tesekkurler koszonom
    köszönöm hvala efharisto ευχαριστώ dhanyavad dhanyabad dhanyawad dhanyavaad
    shukriya shukriyа terima kasih salamat maraming mahalo kamsahamnida gamsahamnida
    xiexie xièxiè cảm ơn cam on khob khun khop kop medaase ngiyabonga ndatenda
    webale nagode daalu e se oshe ese murakoze tatenda siyabonga enkosi baie dankie
    tak kiitos aitäh paldies ačiū aciu danke schön gracias muchas obrigadu diolch
    new year years eve
    kirundi swahili kiswahili amharic yoruba igbo hausa zulu xhosa tagalog filipino bahasa
    malay urdu bengali bangla punjabi tamil telugu kannada malayalam marathi gujarati nepali
    sinhala sinhalese farsi persian pashto dari kurdish romanian bulgarian serbian croatian
    bosnian slovak slovenian czech hungarian estonian latvian lithuanian georgian armenian
    azerbaijani kazakh uzbek mongolian vietnamese thai khmer lao burmese indonesian
    cantonese mandarin hokkien afrikaans somali tigrinya lingala wolof twi ewe shona luganda
    kinyarwanda malagasy haitian creole patois catalan basque galician gaelic maori
    samoan tongan fijian hawaiian
    english french german spanish italian dutch portuguese russian chinese japanese
    korean hindi arabic hebrew israeli american british canadian australian indian
    european asian african latin polish ukrainian swedish norwegian danish finnish
    irish scottish welsh greek turkish brazilian mexican
    master's bachelor's
    bsn msn dnp np rn lpn aprn crna mph mpa mfa msw llb beng meng bcom mcom pgce
    dphil edd psyd dds dvm pharmd mbbs frcs mrcp cfp frm cma ceng peng leed shrm
    pi postdoc gp icu er nicu
    selenium cypress playwright junit pytest circleci bigquery redshift metabase qlik
    alteryx spss stata quickbooks wordpress photoshop illustrator indesign autocad revit
    solidworks labview
    minitab smartsheet kobotoolbox kobo dhis2 odk redcap nvivo atlas.ti qgis
    arcgis envi erdas primavera petrel eclipse techlog openworks
    zendesk freshdesk hubspot workday quickbooks xero myob netsuite tally zoho freshbooks
    coursera udemy edx datacamp pluralsight codecademy skillshare khan duolingo
    canva figma sketch invision miro airtable asana clickup basecamp trello mural
    servicenow intercom mailchimp hootsuite semrush ahrefs wix squarespace woocommerce
    magento shopify etsy databricks snowflake dbt fivetran looker domo sisense dataiku
    splunk datadog grafana prometheus kibana postman swagger jmeter loadrunner sonarqube
    blender maya zbrush houdini nuke cinema4d premiere lightroom procreate
    davinci capcut finalcut audition
    catia ansys abaqus comsol simulink etabs staad sap2000 civil3d archicad sketchup rhino
    lumion vray enscape procore bluebeam navisworks tekla msproject
    epic cerner meditech allscripts athenahealth emis systmone
    canvas moodle blackboard schoology seesaw classdojo kahoot quizlet
    webex whatsapp telegram viber wechat lark feishu dingtalk
    vscode intellij pycharm xcode flutter dart nextjs nodejs springboot laravel
    rails blazor swiftui jquery bootstrap tailwind webpack npm yarn conda
    bamboohr greenhouse taleo icims successfactors kronos ukg gusto paychex
    sharepoint dynamics visio onedrive gmail
    ccna ccnp ccie cka ckad comptia cissp cisa cism crisc ceh oscp itil togaf prince2 pmi
    pmp capm csm cspo pspo psm safe nebosh igc iosh osha cscs haccp
    csat nps fcr aht sla slas mttr kpi okr cac ltv arr mrr gmv cogs ebitda p&l fp&a
    fmea dfmea pfmea spc msa ppap apqp 8d capa gmp glp gdp iso kaizen 5s tpm rca
    osce cbt nclex usmle plab mrcp frcs nmc ahpra hcpc acls bls pals
    cfa frm caia cpa cma cia acca cima aca ea cfp chfm
    ielts toefl pte gre gmat lsat mcat sat act jlpt hsk delf dele telc
    bba mba mis bcom mcom btech mtech bsc msc beng meng mbbs md llb llm jd phd edd dba
    hnd btec nvq gcse igcse ib
    opt cpt ead h1b h-1b h4 l1 o1 tn lmia pgwp pr oinp ee crs
    cad cam cae plc scada bim hvac mep
    m&e ngo ngos ingo
    usd eur gbp chf jpy inr cad aud nzd sgd hkd zar ngn kes aed sar pkr bdt lkr php idr myr
    thb vnd krw cny rmb brl mxn ars clp cop pen try pln czk huf sek nok dkk ils egp ghs
    mri ct icu ed er pto ip mvp csr ecc nco ncoic eecs l&d hdb bto gpa ta tl
    a1 a2 b1 b2 c1 c2 ielts eb-2 eb-3 eb2 eb3 pto
    istqb cscp cpim apics stcw toeic sqe nppe mrcpch fcps cesr fifo dido hod bmi mtpe
    uph mbo soc jpo ts/sci b.tech btech nastran fe-1 cert
    deel deepl aegisub payoneer upwork fiverr behance dribbble medscheck skillbridge
    prometric toptal uber lyft unreal
    p.eng peng pe eit ceng ieng chartered
    """
) | NAME_TITLES

# Places: a capitalised run made only of these is not a company after "from"/"in".
PLACES = _words(
    """
    uruguay syria oman tunisia algeria ethiopia uganda tanzania rwanda senegal cameroon
    zimbabwe zambia botswana namibia moldova armenia azerbaijan kazakhstan uzbekistan
    mongolia cambodia laos myanmar kansas catalonia andalusia tuscany lombardy queensland
    tasmania kerala karnataka punjab bengal gujarat maharashtra
    london paris berlin munich hamburg frankfurt cologne vienna zurich geneva basel bern
    amsterdam rotterdam utrecht eindhoven the hague brussels antwerp luxembourg dublin cork
    belfast edinburgh glasgow manchester leeds liverpool birmingham bristol cambridge
    oxford newcastle sheffield nottingham cardiff madrid barcelona valencia seville lisbon
    porto rome milan turin naples florence athens istanbul ankara warsaw krakow prague
    budapest bucharest sofia belgrade zagreb ljubljana bratislava copenhagen stockholm oslo
    helsinki reykjavik tallinn riga vilnius kyiv kiev moscow minsk tbilisi yerevan
    tel aviv jerusalem haifa cairo dubai abu dhabi doha riyadh beirut amman tehran
    mumbai delhi bangalore bengaluru hyderabad chennai pune kolkata karachi lahore dhaka
    singapore jakarta bangkok manila hanoi saigon kuala lumpur beijing shanghai shenzhen
    hong kong taipei seoul tokyo osaka kyoto sydney melbourne brisbane perth auckland
    wellington toronto montreal vancouver ottawa calgary new york nyc boston chicago
    seattle portland san francisco diego jose los angeles la sf austin dallas houston
    denver phoenix atlanta miami washington dc philadelphia pittsburgh detroit minneapolis
    nashville raleigh charlotte baltimore orlando tampa vegas salt lake city sacramento
    oakland palo alto mountain view cupertino menlo park redmond brooklyn manhattan
    queens silicon valley bay area mexico bogota lima santiago buenos aires sao paulo rio
    janeiro cape town johannesburg lagos nairobi accra casablanca tunis
    usa us america united states kingdom uk britain great england scotland wales ireland
    northern canada australia zealand germany france spain italy portugal netherlands
    holland belgium switzerland austria poland czechia czech republic slovakia hungary
    romania bulgaria greece turkey cyprus malta croatia serbia slovenia ukraine russia
    belarus lithuania latvia estonia finland sweden norway denmark iceland israel egypt
    jordan lebanon uae emirates saudi arabia qatar iran iraq india pakistan bangladesh
    sri lanka nepal china japan korea south north taiwan vietnam thailand malaysia
    indonesia philippines brazil argentina chile colombia peru venezuela nigeria kenya
    ghana africa morocco europe asia emea apac latam americas middle east west east
    california texas florida massachusetts illinois ohio michigan georgia virginia
    carolina pennsylvania jersey colorado arizona oregon utah nevada minnesota wisconsin
    bavaria ontario quebec alberta columbia gulf midlands
    erlangen walldorf stuttgart dusseldorf düsseldorf dortmund leipzig dresden hanover
    hannover nuremberg nürnberg bremen bonn mannheim heidelberg karlsruhe freiburg
    lausanne lucerne lyon marseille toulouse bordeaux lille nantes strasbourg grenoble
    bilbao malaga málaga zaragoza seville sevilla gothenburg malmo malmö aarhus bergen
    wroclaw wrocław gdansk gdańsk poznan poznań lodz łódź brno cluj timisoara porto
    galway limerick aberdeen dundee inverness swansea brighton oxfordshire
    southampton portsmouth plymouth exeter norwich leicester coventry
    salford stockport bradford huddersfield sunderland middlesbrough milton keynes
    bentonville redmond armonk seattle tacoma spokane boise omaha wichita
    tulsa oklahoma albuquerque tucson scottsdale tempe reno fresno bakersfield
    irvine anaheim pasadena berkeley sunnyvale
    indianapolis columbus cleveland cincinnati milwaukee memphis
    louisville greensboro jacksonville
    tallahassee gainesville plano frisco
    galveston orleans baton rouge birmingham huntsville hartford providence
    stamford newark hoboken albany buffalo syracuse ithaca burlington portland
    anchorage honolulu hawaii alaska iowa kentucky tennessee louisiana alabama mississippi
    arkansas missouri nebraska wyoming idaho maine vermont hampshire
    connecticut delaware maryland
    winnipeg edmonton halifax saskatoon waterloo kitchener
    guadalajara monterrey tijuana puebla cancun medellin medellín quito caracas
    montevideo asuncion havana panama guatemala
    abuja ibadan kano kampala kigali dar salaam addis ababa lusaka harare durban
    pretoria algiers sharjah muscat kuwait bahrain manama jeddah dammam islamabad
    rawalpindi colombo kathmandu ahmedabad jaipur lucknow kochi chandigarh noida gurgaon
    gurugram coimbatore mysore indore nagpur surat
    chengdu hangzhou guangzhou wuhan nanjing xian tianjin suzhou busan incheon yokohama
    nagoya fukuoka sapporo cebu davao penang surabaya bandung phnom penh
    yangon adelaide canberra christchurch
    """
)

# Common first names: a lone capitalised first name after a weak cue ("with Maria")
# is a person, not a company; "my manager John Smith" is a person.
FIRST_NAMES = _words(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter
    christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan
    jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne randy
    vincent mason roy ralph bobby russell bradley philip eugene mary patricia jennifer linda
    elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret ashley
    kimberly emily donna michelle carol amanda melissa deborah stephanie dorothy rebecca
    sharon laura cynthia amy kathleen angela shirley brenda emma anna pamela nicole samantha
    katherine christine helen debra rachel carolyn janet maria catherine heather diane olivia
    julie joyce victoria ruth virginia lauren kelly christina joan evelyn judith andrea hannah
    megan cheryl jacqueline martha madison teresa gloria sara janice ann kathryn abigail
    sophia frances jean alice judy isabella julia grace amber denise danielle marilyn beverly
    charlotte natalie theresa diana brittany doris kayla alexis lori marie sophie chloe mia
    lucas leo liam oliver harry oscar charlie alfie freddie archie theo max felix luca
    marco giulia francesca alessandro matteo lorenzo sofia martina chiara pierre jean louis
    camille manon lea julien nicolas antoine hans klaus stefan jurgen lukas leon finn jonas
    anja katrin sabine ivan dmitry sergei olga natasha anastasia yuri igor mikhail pavel
    boris vladimir elena irina tatiana wei li ming jing yan hiroshi yuki kenji akira raj
    rahul amit priya anjali deepak sanjay vijay arjun neha pooja ahmed mohammed mohamed ali
    omar fatima aisha hassan yusuf carlos luis miguel javier pablo diego alejandro sofia
    lucia carmen ana pedro joao tiago ines mateus avi yosef moshe noa tamar yael itai
    """
)

# People's names that are also words of STOP_CAPS (a language, a chatbot, a thank-you, a
# month): a name only beside another name or after a title or relation word ("my wife
# Tatenda", "Claude Martin", "Lim Jun Hao"), and matched again once the person is found.
SOFT_NAMES = _words(
    "asante beng claude dele dido durga ingo jax julia jun meng nicu peng salam shona "
    "siyabonga tatenda april june august maya khan ruby"
)

# Lower-case particles that may sit inside a multi-word proper name.
NAME_PARTICLES = _words(
    "van der den de del della dela delos di da du la le von zu et y dos das ter"
)

# Free-mail and ISP domains (registrable label): never a company signal.
FREE_MAIL = _words(
    """
    gmail googlemail yahoo ymail rocketmail hotmail outlook live msn aol icloud me mac
    proton protonmail pm gmx web mail ru yandex qq 163 126 sina zoho fastmail hey
    tutanota tuta tutamail mailbox posteo hushmail runbox inbox laposte orange free sfr
    wanadoo btinternet sky virginmedia talktalk ntlworld comcast verizon att sbcglobal
    bellsouth cox charter earthlink rediffmail naver daum hanmail seznam wp o2 t-online
    freenet libero virgilio alice tiscali bigpond optusnet shaw rogers sympatico telus
    videotron ziggo kpnmail xs4all planet skynet telenet bluewin sunrise yahoo.co
    email gmai gnail hotmai example
    """
)

# Public-suffix second levels: "intel.co.uk" -> registrable label "intel".
SECOND_LEVEL_SUFFIXES = _words(
    """
    co com net org ac gov edu ltd plc me sch nhs mod police nic gob gouv govt or ne go
    """
)
