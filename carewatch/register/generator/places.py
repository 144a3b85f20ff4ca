"""Where things are: population weights, postcode areas, coordinates and towns per local authority.

The geography itself (which councils exist, their ICB and region) comes from
``carewatch.register.reference``; this module only adds what a synthetic register needs to look
plausible. Populations are rounded 2021 census figures (thousands), coordinates approximate council
centres, postcode areas and dialling codes the main ones used there. A council missing from the
table (the reference table may grow) falls back to a weight from its ONS code type and a point
inside its region.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from carewatch.register.generator._rand import choice, randint
from carewatch.register.generator._rand import digits as random_digits

# code: (population in thousands, postcode districts, lat, lon, towns ("" = the council's name), dialling code)
# Postcode districts: "OL1-9" = OL1 … OL9; "M" alone = M1 … M35.
_LA_TABLE: dict[str, tuple[int, str, float, float, str, str]] = {
    # North East
    "E06000001": (92, "TS24-27", 54.69, -1.21, "Hartlepool", "01429"),
    "E06000002": (143, "TS1-8", 54.57, -1.23, "Middlesbrough", "01642"),
    "E06000003": (137, "TS10-14", 54.60, -1.07, "Redcar;Guisborough;Saltburn-by-the-Sea", "01642"),
    "E06000004": (197, "TS16-21", 54.57, -1.32, "Stockton-on-Tees;Billingham;Thornaby", "01642"),
    "E06000005": (107, "DL1-3", 54.52, -1.55, "Darlington", "01325"),
    "E06000047": (
        522,
        "DH1-9 DL4-17",
        54.72,
        -1.75,
        "Durham;Bishop Auckland;Chester-le-Street;Consett;Peterlee;Seaham",
        "0191",
    ),
    "E06000057": (
        320,
        "NE22-71 TD15",
        55.20,
        -1.90,
        "Morpeth;Hexham;Blyth;Cramlington;Ashington;Alnwick",
        "01670",
    ),
    "E08000021": (300, "NE1-15", 54.98, -1.61, "Newcastle upon Tyne", "0191"),
    "E08000022": (209, "NE25-30", 55.02, -1.49, "Wallsend;Tynemouth;Whitley Bay;North Shields", "0191"),
    "E08000023": (147, "NE31-36", 54.96, -1.43, "South Shields;Jarrow;Hebburn", "0191"),
    "E08000024": (274, "SR1-7", 54.90, -1.38, "Sunderland;Washington;Houghton-le-Spring", "0191"),
    "E08000037": (196, "NE8-11", 54.95, -1.60, "Gateshead;Whickham;Blaydon-on-Tyne", "0191"),
    # North West
    "E06000006": (128, "WA7-8", 53.34, -2.73, "Widnes;Runcorn", "0151"),
    "E06000007": (211, "WA1-5", 53.39, -2.59, "Warrington", "01925"),
    "E06000008": (154, "BB1-3", 53.70, -2.48, "Blackburn;Darwen", "01254"),
    "E06000009": (141, "FY1-4", 53.82, -3.04, "Blackpool", "01253"),
    "E06000049": (
        399,
        "CW1-12 SK9-11",
        53.16,
        -2.35,
        "Crewe;Macclesfield;Congleton;Wilmslow;Nantwich",
        "01270",
    ),
    "E06000050": (357, "CH1-66 CW7-9", 53.19, -2.80, "Chester;Ellesmere Port;Northwich;Winsford", "01244"),
    "E06000063": (
        275,
        "CA1-28",
        54.70,
        -3.20,
        "Carlisle;Workington;Whitehaven;Maryport;Cockermouth",
        "01228",
    ),
    "E06000064": (
        225,
        "LA8-23 CA10-11",
        54.40,
        -2.85,
        "Kendal;Barrow-in-Furness;Penrith;Windermere;Ulverston",
        "01539",
    ),
    "E08000001": (296, "BL1-6", 53.58, -2.43, "Bolton;Farnworth;Horwich", "01204"),
    "E08000002": (193, "BL0-9 M25-26", 53.59, -2.30, "Bury;Ramsbottom;Prestwich;Radcliffe", "0161"),
    "E08000003": (552, "M1-40", 53.48, -2.24, "Manchester", "0161"),
    "E08000004": (242, "OL1-9 M35", 53.54, -2.11, "Oldham;Chadderton;Royton;Shaw;Failsworth", "0161"),
    "E08000005": (223, "OL10-16 M24", 53.61, -2.16, "Rochdale;Heywood;Middleton;Littleborough", "01706"),
    "E08000006": (270, "M3-7 M27-30", 53.49, -2.29, "Salford;Eccles;Swinton;Walkden", "0161"),
    "E08000007": (294, "SK1-8", 53.41, -2.15, "Stockport;Bramhall;Cheadle;Marple", "0161"),
    "E08000008": (
        231,
        "OL5-7 SK14-16 M34",
        53.48,
        -2.08,
        "Ashton-under-Lyne;Hyde;Stalybridge;Denton",
        "0161",
    ),
    "E08000009": (235, "M31-33 M41 WA14-15", 53.42, -2.35, "Sale;Altrincham;Stretford;Urmston", "0161"),
    "E08000010": (330, "WN1-7", 53.54, -2.63, "Wigan;Leigh;Hindley;Atherton", "01942"),
    "E08000011": (154, "L28-36", 53.45, -2.85, "Huyton;Kirkby;Prescot", "0151"),
    "E08000012": (487, "L1-27", 53.41, -2.98, "Liverpool", "0151"),
    "E08000013": (183, "WA9-11", 53.45, -2.74, "St Helens;Newton-le-Willows;Haydock", "01744"),
    "E08000014": (279, "L20-38 PR8-9", 53.50, -3.00, "Southport;Bootle;Crosby;Formby;Maghull", "0151"),
    "E08000015": (320, "CH41-63", 53.37, -3.07, "Birkenhead;Wallasey;Heswall;Bebington", "0151"),
    "E10000017": (
        1235,
        "PR1-7 LA1-6 BB4-12 FY5-8",
        53.85,
        -2.60,
        "Preston;Lancaster;Burnley;Chorley;Morecambe;Accrington;Lytham St Annes;Skelmersdale;Nelson",
        "01772",
    ),
    # Yorkshire and The Humber
    "E06000010": (267, "HU1-9", 53.76, -0.33, "Hull", "01482"),
    "E06000011": (
        342,
        "HU10-20 YO15-43",
        53.85,
        -0.50,
        "Beverley;Bridlington;Goole;Driffield;Hornsea",
        "01482",
    ),
    "E06000012": (157, "DN31-37", 53.55, -0.08, "Grimsby;Cleethorpes;Immingham", "01472"),
    "E06000013": (169, "DN15-20", 53.58, -0.60, "Scunthorpe;Brigg;Barton-upon-Humber", "01724"),
    "E06000014": (202, "YO1-32", 53.96, -1.08, "York", "01904"),
    "E06000065": (
        615,
        "YO11-62 HG1-5 DL6-11 BD23-24",
        54.10,
        -1.40,
        "Harrogate;Scarborough;Northallerton;Selby;Skipton;Ripon;Whitby",
        "01423",
    ),
    "E08000016": (245, "S70-75", 53.55, -1.48, "Barnsley;Penistone;Wombwell", "01226"),
    "E08000017": (308, "DN1-12", 53.52, -1.13, "Doncaster;Thorne;Mexborough", "01302"),
    "E08000018": (265, "S60-66", 53.43, -1.36, "Rotherham;Maltby;Wath-upon-Dearne", "01709"),
    "E08000019": (556, "S1-36", 53.38, -1.47, "Sheffield", "0114"),
    "E08000032": (546, "BD1-22", 53.79, -1.75, "Bradford;Keighley;Ilkley;Bingley;Shipley", "01274"),
    "E08000033": (206, "HX1-7", 53.72, -1.86, "Halifax;Brighouse;Todmorden;Elland", "01422"),
    "E08000034": (433, "HD1-9 WF12-17", 53.65, -1.78, "Huddersfield;Dewsbury;Batley;Holmfirth", "01484"),
    "E08000035": (812, "LS1-29", 53.80, -1.55, "Leeds;Morley;Otley;Wetherby", "0113"),
    "E08000036": (353, "WF1-11", 53.68, -1.50, "Wakefield;Castleford;Pontefract;Ossett", "01924"),
    # East Midlands
    "E06000015": (261, "DE1-24", 52.92, -1.47, "Derby", "01332"),
    "E06000016": (368, "LE1-5", 52.64, -1.13, "Leicester", "0116"),
    "E06000017": (41, "LE15", 52.66, -0.64, "Oakham;Uppingham", "01572"),
    "E06000018": (323, "NG1-11", 52.95, -1.15, "Nottingham", "0115"),
    "E06000061": (359, "NN8-18", 52.40, -0.70, "Kettering;Corby;Wellingborough;Rushden", "01536"),
    "E06000062": (425, "NN1-7", 52.24, -0.90, "Northampton;Daventry;Towcester;Brackley", "01604"),
    "E10000007": (
        795,
        "DE4-75 S40-45 SK13-23",
        53.10,
        -1.60,
        "Chesterfield;Matlock;Buxton;Ilkeston;Belper;Glossop;Swadlincote",
        "01246",
    ),
    "E10000018": (
        712,
        "LE6-67",
        52.70,
        -1.20,
        "Loughborough;Hinckley;Melton Mowbray;Coalville;Market Harborough;Wigston",
        "01509",
    ),
    "E10000019": (
        768,
        "LN1-13 PE10-25 NG31-34",
        53.10,
        -0.20,
        "Lincoln;Boston;Grantham;Spalding;Skegness;Louth;Stamford;Gainsborough",
        "01522",
    ),
    "E10000024": (
        824,
        "NG12-25 S80-81",
        53.10,
        -1.05,
        "Mansfield;Newark-on-Trent;Worksop;Retford;Beeston;Hucknall;Arnold",
        "01623",
    ),
    # West Midlands
    "E06000019": (187, "HR1-9", 52.08, -2.75, "Hereford;Leominster;Ross-on-Wye;Ledbury", "01432"),
    "E06000020": (186, "TF1-10", 52.70, -2.45, "Telford;Newport;Wellington", "01952"),
    "E06000021": (258, "ST1-6", 53.00, -2.18, "Stoke-on-Trent;Hanley;Longton;Burslem", "01782"),
    "E06000051": (
        324,
        "SY1-15 TF9-13",
        52.65,
        -2.75,
        "Shrewsbury;Oswestry;Ludlow;Bridgnorth;Market Drayton",
        "01743",
    ),
    "E08000025": (1145, "B1-48", 52.48, -1.90, "Birmingham;Sutton Coldfield", "0121"),
    "E08000026": (345, "CV1-6", 52.41, -1.51, "Coventry", "024"),
    "E08000027": (323, "DY1-9", 52.51, -2.09, "Dudley;Stourbridge;Halesowen;Brierley Hill", "01384"),
    "E08000028": (341, "B64-71", 52.51, -2.01, "West Bromwich;Oldbury;Smethwick;Wednesbury", "0121"),
    "E08000029": (216, "B90-94", 52.41, -1.78, "Solihull;Shirley;Knowle", "0121"),
    "E08000030": (284, "WS1-10", 52.59, -1.98, "Walsall;Willenhall;Bloxwich;Aldridge", "01922"),
    "E08000031": (264, "WV1-14", 52.59, -2.13, "Wolverhampton;Bilston;Wednesfield", "01902"),
    "E10000028": (
        876,
        "ST7-21 WS11-15 DE13-14 B77-79",
        52.80,
        -2.00,
        "Stafford;Newcastle-under-Lyme;Tamworth;Burton upon Trent;Cannock;Lichfield;Leek",
        "01785",
    ),
    "E10000031": (
        597,
        "CV7-37",
        52.30,
        -1.55,
        "Warwick;Nuneaton;Rugby;Leamington Spa;Stratford-upon-Avon;Kenilworth",
        "01926",
    ),
    "E10000034": (
        604,
        "WR1-15 DY10-14 B60-98",
        52.20,
        -2.20,
        "Worcester;Redditch;Kidderminster;Bromsgrove;Malvern;Evesham",
        "01905",
    ),
    # East of England
    "E06000031": (216, "PE1-7", 52.57, -0.24, "Peterborough", "01733"),
    "E06000032": (225, "LU1-4", 51.88, -0.42, "Luton", "01582"),
    "E06000033": (181, "SS0-3 SS9", 51.54, 0.71, "Southend-on-Sea;Leigh-on-Sea;Shoeburyness", "01702"),
    "E06000034": (176, "RM15-20 SS17", 51.49, 0.33, "Grays;Tilbury;Stanford-le-Hope;Purfleet", "01375"),
    "E06000055": (185, "MK40-45", 52.14, -0.47, "Bedford;Kempston", "01234"),
    "E06000056": (
        295,
        "LU5-7 SG15-19 MK45",
        52.00,
        -0.45,
        "Dunstable;Leighton Buzzard;Biggleswade;Flitwick;Sandy",
        "01582",
    ),
    "E10000003": (
        678,
        "CB1-25 PE13-29",
        52.30,
        0.05,
        "Cambridge;Ely;Huntingdon;St Neots;Wisbech;March",
        "01223",
    ),
    "E10000012": (
        1503,
        "CM1-24 CO1-16 SS4-16",
        51.80,
        0.60,
        "Chelmsford;Colchester;Basildon;Harlow;Braintree;Clacton-on-Sea;Brentwood;Maldon",
        "01245",
    ),
    "E10000015": (
        1199,
        "AL1-10 SG1-14 WD3-25 EN6-11 HP1-4 CM21-23",
        51.80,
        -0.20,
        "St Albans;Watford;Stevenage;Hemel Hempstead;Hertford;Welwyn Garden City;Hitchin",
        "01727",
    ),
    "E10000020": (
        917,
        "NR1-35 PE30-38 IP20-26",
        52.65,
        1.00,
        "Norwich;King's Lynn;Great Yarmouth;Thetford;Dereham;Cromer",
        "01603",
    ),
    "E10000029": (
        768,
        "IP1-33 CB8-9 NR32-35 CO10",
        52.20,
        1.00,
        "Ipswich;Bury St Edmunds;Lowestoft;Felixstowe;Sudbury;Haverhill",
        "01473",
    ),
    # London
    "E09000001": (9, "EC1-4", 51.515, -0.09, "London", "020"),
    "E09000002": (219, "IG11 RM6-10", 51.55, 0.13, "Barking;Dagenham", "020"),
    "E09000003": (389, "N2-20 NW4-11 EN4-5", 51.62, -0.21, "London;Barnet;Edgware", "020"),
    "E09000004": (246, "DA5-18", 51.45, 0.14, "Bexleyheath;Sidcup;Welling;Erith", "020"),
    "E09000005": (339, "NW2-10 HA0-9", 51.56, -0.27, "London;Wembley", "020"),
    "E09000006": (330, "BR1-8", 51.38, 0.05, "Bromley;Orpington;Beckenham", "020"),
    "E09000007": (210, "NW1-6 WC1", 51.54, -0.16, "London", "020"),
    "E09000008": (390, "CR0-8 SE19-25", 51.37, -0.10, "Croydon;Purley;Coulsdon", "020"),
    "E09000009": (367, "W3-13 UB1-6", 51.51, -0.31, "London;Southall;Greenford", "020"),
    "E09000010": (330, "EN1-3 N9-21", 51.65, -0.08, "Enfield;Edmonton;London", "020"),
    "E09000011": (289, "SE2-18", 51.48, 0.05, "London;Woolwich;Eltham", "020"),
    "E09000012": (259, "E5-9 N1-16", 51.55, -0.06, "London", "020"),
    "E09000013": (183, "W6-14 SW6", 51.49, -0.22, "London", "020"),
    "E09000014": (264, "N4-22", 51.59, -0.11, "London;Tottenham", "020"),
    "E09000015": (261, "HA1-7", 51.58, -0.34, "Harrow;Pinner;Stanmore", "020"),
    "E09000016": (262, "RM1-14", 51.56, 0.21, "Romford;Hornchurch;Upminster", "01708"),
    "E09000017": (305, "UB3-10 HA4-6", 51.53, -0.45, "Uxbridge;Hayes;Ruislip;Northwood", "01895"),
    "E09000018": (288, "TW3-14", 51.47, -0.37, "Hounslow;Feltham;Isleworth;Brentford", "020"),
    "E09000019": (216, "N1-19 EC1", 51.54, -0.10, "London", "020"),
    "E09000020": (143, "W8-11 SW3-10", 51.50, -0.19, "London", "020"),
    "E09000021": (168, "KT1-9", 51.40, -0.29, "Kingston upon Thames;Surbiton;New Malden", "020"),
    "E09000022": (317, "SE1-27 SW2-16", 51.46, -0.12, "London;Brixton;Streatham", "020"),
    "E09000023": (300, "SE4-26", 51.45, -0.02, "London;Lewisham;Catford", "020"),
    "E09000024": (215, "SW19-20 CR4", 51.41, -0.19, "London;Mitcham;Morden;Wimbledon", "020"),
    "E09000025": (351, "E6-16", 51.53, 0.03, "London;Stratford;East Ham", "020"),
    "E09000026": (310, "IG1-8 E11-18", 51.58, 0.07, "Ilford;Woodford Green;London", "020"),
    "E09000027": (195, "TW1-12 SW13-15", 51.44, -0.32, "Richmond;Twickenham;Teddington", "020"),
    "E09000028": (307, "SE1-22", 51.47, -0.08, "London;Peckham", "020"),
    "E09000029": (209, "SM1-6", 51.36, -0.19, "Sutton;Carshalton;Wallington", "020"),
    "E09000030": (310, "E1-14", 51.51, -0.03, "London", "020"),
    "E09000031": (278, "E4-17", 51.59, -0.01, "London;Walthamstow;Chingford", "020"),
    "E09000032": (328, "SW11-18", 51.45, -0.19, "London;Putney;Tooting", "020"),
    "E09000033": (204, "W1-9 SW1", 51.51, -0.14, "London", "020"),
    # South East
    "E06000035": (279, "ME1-8", 51.39, 0.54, "Chatham;Gillingham;Rochester;Strood", "01634"),
    "E06000036": (125, "RG12-42", 51.41, -0.75, "Bracknell;Crowthorne;Sandhurst", "01344"),
    "E06000037": (161, "RG7-20", 51.42, -1.28, "Newbury;Thatcham;Hungerford", "01635"),
    "E06000038": (174, "RG1-4 RG30-31", 51.45, -0.97, "Reading", "0118"),
    "E06000039": (158, "SL1-3", 51.51, -0.59, "Slough;Langley", "01753"),
    "E06000040": (153, "SL4-6", 51.48, -0.68, "Windsor;Maidenhead;Ascot", "01628"),
    "E06000041": (177, "RG5-6 RG40-41", 51.41, -0.84, "Wokingham;Woodley;Earley", "0118"),
    "E06000042": (287, "MK1-19", 52.04, -0.76, "Milton Keynes;Bletchley;Newport Pagnell", "01908"),
    "E06000043": (277, "BN1-3 BN41", 50.83, -0.14, "Brighton;Hove", "01273"),
    "E06000044": (208, "PO1-6", 50.80, -1.09, "Portsmouth;Southsea;Cosham", "023"),
    "E06000045": (249, "SO14-19", 50.91, -1.40, "Southampton", "023"),
    "E06000046": (140, "PO30-41", 50.69, -1.30, "Newport;Ryde;Sandown;Cowes;Shanklin", "01983"),
    "E06000060": (
        553,
        "HP5-22 MK18 SL0-9",
        51.80,
        -0.80,
        "Aylesbury;High Wycombe;Amersham;Buckingham;Chesham;Marlow",
        "01296",
    ),
    "E10000011": (
        546,
        "BN20-27 TN5-40",
        50.92,
        0.30,
        "Eastbourne;Hastings;Lewes;Bexhill-on-Sea;Crowborough;Seaford",
        "01323",
    ),
    "E10000014": (
        1400,
        "SO20-53 PO7-17 GU11-35 RG21-29 SP6-11",
        51.05,
        -1.25,
        "Winchester;Basingstoke;Andover;Eastleigh;Fareham;Aldershot;Havant;Fleet",
        "01962",
    ),
    "E10000016": (
        1577,
        "CT1-21 ME9-20 TN1-30 DA1-13",
        51.20,
        0.80,
        "Maidstone;Canterbury;Ashford;Folkestone;Tunbridge Wells;Margate;Dover;Sevenoaks",
        "01622",
    ),
    "E10000025": (725, "OX1-49", 51.75, -1.30, "Oxford;Banbury;Abingdon;Witney;Bicester;Didcot", "01865"),
    "E10000030": (
        1203,
        "GU1-27 KT10-24 RH1-9 TW15-20",
        51.27,
        -0.40,
        "Guildford;Woking;Epsom;Reigate;Camberley;Farnham;Staines-upon-Thames",
        "01483",
    ),
    "E10000032": (
        882,
        "RH10-20 BN5-18 PO18-22",
        50.95,
        -0.45,
        "Crawley;Worthing;Chichester;Horsham;Bognor Regis;Haywards Heath",
        "01903",
    ),
    # South West
    "E06000022": (193, "BA1-3", 51.36, -2.42, "Bath;Keynsham;Midsomer Norton", "01225"),
    "E06000023": (472, "BS1-16", 51.45, -2.59, "Bristol", "0117"),
    "E06000024": (216, "BS20-49", 51.40, -2.80, "Weston-super-Mare;Clevedon;Portishead;Nailsea", "01934"),
    "E06000025": (290, "BS30-37", 51.53, -2.47, "Yate;Thornbury;Filton;Kingswood", "01454"),
    "E06000026": (264, "PL1-9", 50.38, -4.14, "Plymouth", "01752"),
    "E06000027": (139, "TQ1-5", 50.46, -3.55, "Torquay;Paignton;Brixham", "01803"),
    "E06000030": (233, "SN1-6 SN25-26", 51.56, -1.78, "Swindon", "01793"),
    "E06000052": (
        570,
        "TR1-20 PL10-35",
        50.35,
        -4.90,
        "Truro;Falmouth;Penzance;St Austell;Newquay;Bodmin;Camborne",
        "01872",
    ),
    "E06000053": (2, "TR21-25", 49.92, -6.30, "St Mary's", "01720"),
    "E06000054": (
        510,
        "SN8-16 SP1-5 BA12-15",
        51.30,
        -1.95,
        "Salisbury;Chippenham;Trowbridge;Devizes;Warminster",
        "01722",
    ),
    "E06000058": (400, "BH1-23", 50.73, -1.90, "Bournemouth;Poole;Christchurch", "01202"),
    "E06000059": (
        379,
        "DT1-11 BH16-31",
        50.75,
        -2.35,
        "Dorchester;Weymouth;Bridport;Wimborne Minster;Sherborne",
        "01305",
    ),
    "E06000066": (
        572,
        "TA1-24 BA4-22",
        51.05,
        -3.00,
        "Taunton;Yeovil;Bridgwater;Frome;Minehead;Wells",
        "01823",
    ),
    "E10000008": (
        812,
        "EX1-39 TQ6-14 PL19-21",
        50.75,
        -3.75,
        "Exeter;Barnstaple;Exmouth;Newton Abbot;Tiverton;Okehampton;Sidmouth",
        "01392",
    ),
    "E10000013": (
        645,
        "GL1-56",
        51.85,
        -2.20,
        "Gloucester;Cheltenham;Stroud;Cirencester;Tewkesbury",
        "01452",
    ),
}

# Councils whose older population makes care homes relatively more common (coast and shires) and
# London, where they are relatively rare and home care makes up the difference.
_CARE_HOME_FACTOR = {
    "E06000027": 1.5,  # Torbay
    "E10000011": 1.35,  # East Sussex
    "E10000008": 1.3,  # Devon
    "E06000059": 1.3,  # Dorset
    "E06000046": 1.35,  # Isle of Wight
    "E06000052": 1.25,  # Cornwall
    "E06000066": 1.25,  # Somerset
    "E10000019": 1.25,  # Lincolnshire
    "E10000020": 1.2,  # Norfolk
    "E06000065": 1.2,  # North Yorkshire
    "E06000009": 1.4,  # Blackpool
    "E10000032": 1.2,  # West Sussex
    "E06000058": 1.25,  # Bournemouth, Christchurch and Poole
    "E06000033": 1.2,  # Southend-on-Sea
    "E06000064": 1.2,  # Westmorland and Furness
}
_LONDON_CARE_HOME_FACTOR = 0.55
_LONDON_HOME_CARE_FACTOR = 1.15

# A rough box per region (south, north, west, east) for councils not in the table.
REGION_BOXES: dict[str, tuple[float, float, float, float]] = {
    "E12000001": (54.45, 55.75, -2.60, -1.20),
    "E12000002": (53.05, 54.95, -3.40, -2.00),
    "E12000003": (53.35, 54.55, -2.30, -0.10),
    "E12000004": (52.15, 53.50, -1.90, 0.30),
    "E12000005": (51.95, 53.15, -3.10, -1.30),
    "E12000006": (51.50, 52.95, -0.70, 1.70),
    "E12000007": (51.30, 51.68, -0.50, 0.30),
    "E12000008": (50.60, 52.10, -1.90, 1.40),
    "E12000009": (49.90, 52.10, -5.70, -1.50),
}
_REGION_POSTCODE_FALLBACK = {
    "E12000001": "NE",
    "E12000002": "M",
    "E12000003": "LS",
    "E12000004": "NG",
    "E12000005": "B",
    "E12000006": "CB",
    "E12000007": "SE",
    "E12000008": "RG",
    "E12000009": "EX",
}
NHS_REGIONS = {
    "E12000001": "North East and Yorkshire",
    "E12000002": "North West",
    "E12000003": "North East and Yorkshire",
    "E12000004": "Midlands",
    "E12000005": "Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}
_TYPE_WEIGHT = {"E06": 250, "E08": 300, "E09": 270, "E10": 800}  # thousands, when not in the table


def stable_fraction(*parts: object) -> float:
    """A number in [0, 1) that depends only on ``parts`` (not on the seed or Python's hash salt)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class Place:
    """What the generator knows about one council beyond the reference table."""

    code: str
    population: int  # thousands
    districts: tuple[tuple[str, int, int], ...]  # (postcode area, first district, last district)
    lat: float
    lon: float
    spread: float  # degrees: how far locations scatter around the centre
    towns: tuple[str, ...]
    dialling_code: str
    care_home_factor: float
    home_care_factor: float


def _parse_districts(spec: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    for token in spec.split():
        letters = "".join(ch for ch in token if ch.isalpha())
        rest = token[len(letters) :]
        if not rest:
            out.append((letters, 1, 35))
        elif "-" in rest:
            low, high = rest.split("-")
            out.append((letters, int(low), int(high)))
        else:
            out.append((letters, int(rest), int(rest)))
    return tuple(out)


def place_for(code: str, name: str, region_code: str) -> Place:
    """The :class:`Place` for a council: from the table, or a deterministic stand-in."""
    row = _LA_TABLE.get(code)
    london = region_code == "E12000007"
    if row is not None:
        population, districts, lat, lon, towns, dialling = row
    else:
        population = int(_TYPE_WEIGHT.get(code[:3], 250) * (0.7 + 0.6 * stable_fraction("pop", code)))
        south, north, west, east = REGION_BOXES.get(region_code, (51.0, 53.5, -2.5, 0.5))
        lat = south + (north - south) * (0.2 + 0.6 * stable_fraction("lat", code))
        lon = west + (east - west) * (0.2 + 0.6 * stable_fraction("lon", code))
        districts = _REGION_POSTCODE_FALLBACK.get(region_code, "NN")
        towns = ""
        dialling = "01" + str(200 + int(800 * stable_fraction("dial", code)))
    town_list = tuple(t for t in towns.split(";") if t) or (name.split(",")[0],)
    county = code.startswith("E10") or population > 450
    spread = 0.012 if london else (0.22 if county else 0.045)
    care_home_factor = _CARE_HOME_FACTOR.get(code, _LONDON_CARE_HOME_FACTOR if london else 1.0)
    # Councils differ for reasons no table records: a stable ±15 % per council.
    jitter = 0.85 + 0.3 * stable_fraction("size", code)
    return Place(
        code=code,
        population=max(1, int(population * jitter)) if code != "E09000001" else population,
        districts=_parse_districts(districts),
        lat=lat,
        lon=lon,
        spread=spread,
        towns=town_list,
        dialling_code=dialling,
        care_home_factor=care_home_factor,
        home_care_factor=_LONDON_HOME_CARE_FACTOR if london else 1.0,
    )


_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng, place: Place) -> str:
    """A plausible postcode in one of the council's districts: ``OL4 2SF``."""
    area, low, high = choice(rng, place.districts)
    district = randint(rng, low, high)
    return (
        f"{area}{district} {randint(rng, 1, 9)}{choice(rng, _INWARD_LETTERS)}{choice(rng, _INWARD_LETTERS)}"
    )


def coordinates(rng, place: Place) -> tuple[float, float]:
    """A point near the council's centre, kept inside England's rough bounds."""
    lat = place.lat + rng.gauss(0, place.spread)
    lon = place.lon + rng.gauss(0, place.spread * 1.6)
    return round(min(55.8, max(49.9, lat)), 6), round(min(1.76, max(-6.4, lon)), 6)


def phone(rng, place: Place) -> str:
    code = place.dialling_code
    digits = 11 - len(code)
    return code + str(randint(rng, 2, 8)) + random_digits(rng, digits - 1)


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder, stable)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    counts = [int(r) for r in raw]
    short = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[:short]:
        counts[i] += 1
    return counts
