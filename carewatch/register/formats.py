"""The CQC's file formats, as constants shared by the readers and the generator.

The generator writes exactly these layouts and the readers accept them; both follow the CQC's own
files (see docs/methodology.md, "Data sources"). Column names are matched after collapsing
whitespace and ignoring case, so small spelling drift between CQC releases is tolerated.
"""

# (API gacServiceTypes name, description used in the bulk files' "Service type - …" columns)
SERVICE_TYPES: tuple[tuple[str, str], ...] = (
    ("Nursing homes", "Care home service with nursing"),
    ("Residential homes", "Care home service without nursing"),
    ("Homecare agencies", "Domiciliary care service"),
    ("Supported living", "Supported living service"),
    ("Extra Care housing services", "Extra Care housing services"),
    ("Shared lives", "Shared Lives"),
    ("Specialist college services", "Specialist college service"),
    ("Rehabilitation (substance abuse)", "Residential substance misuse treatment and rehabilitation service"),
    (
        "Community services - Learning disabilities",
        "Community based services for people with a learning disability",
    ),
    ("Community services - Mental Health", "Community based services for people with mental health needs"),
    ("Community services - Substance abuse", "Community based services for people who misuse substances"),
    ("Hospice", "Hospice services"),
    ("Doctors/Gps", "Doctors consultation service"),
    ("Dentist", "Dental service"),
    ("Hospital", "Acute services with overnight beds"),
)
SERVICE_TYPE_BY_DESCRIPTION = {description: name for name, description in SERVICE_TYPES}
SERVICE_TYPE_DESCRIPTION = {name: description for name, description in SERVICE_TYPES}

CARE_HOME_SERVICE_TYPES = ("Nursing homes", "Residential homes")
# Service types CQC's Adult social care directorate inspects: where a file has no directorate column
# (CQC_directory.csv), a location offering any of them is adult social care (docs/methodology.md).
ADULT_SOCIAL_CARE_SERVICE_TYPES = (
    "Nursing homes",
    "Residential homes",
    "Homecare agencies",
    "Supported living",
    "Extra Care housing services",
    "Shared lives",
    "Specialist college services",
    "Rehabilitation (substance abuse)",
    "Community services - Learning disabilities",
    "Community services - Mental Health",
    "Community services - Substance abuse",
)
HOME_CARE_SERVICE_TYPE = "Homecare agencies"

SERVICE_USER_BANDS: tuple[str, ...] = (
    "Caring for adults over 65 yrs",
    "Caring for adults under 65 yrs",
    "Dementia",
    "Learning disabilities",
    "Mental health conditions",
    "Physical disabilities",
    "Sensory impairment",
    "Substance misuse problems",
    "Eating disorders",
    "Caring for people whose rights are restricted under the Mental Health Act",
    "Caring for children (0 - 18yrs)",
    "Whole Population",
)

REGULATED_ACTIVITIES: tuple[str, ...] = (
    "Accommodation for persons who require nursing or personal care",
    "Personal care",
    "Treatment of disease, disorder or injury",
    "Diagnostic and screening procedures",
    "Nursing care",
    "Accommodation for persons who require treatment for substance misuse",
    "Surgical procedures",
    "Family planning",
    "Maternity and midwifery services",
    "Transport services, triage and medical advice provided remotely",
    "Management of supply of blood and blood derived products",
    "Assessment or medical treatment for persons detained under the Mental Health Act 1983",
    "Services in slimming clinics",
    "Termination of pregnancies",
)

# --- HSCA_Active_Locations (ODS / XLSX / CSV): one row per active location --------------------
HSCA_SHEET = "HSCA_Active_Locations"
HSCA_README_SHEET = "README"
HSCA_README_AS_AT_PREFIX = "CQC database as at"  # "CQC database as at 01 November 2026"
HSCA_FIXED_COLUMNS: tuple[str, ...] = (
    "Location ID",
    "Location ODS Code",
    "Location Name",
    "Location Also Known As",
    "Location HSCA start date",
    "Dormant (Y/N)",
    "Care home?",
    "Care homes beds",
    "Location Type/Sector",
    "Location Inspection Directorate",
    "Location Primary Inspection Category",
    "Location Latest Overall Rating",
    "Publication Date",
    "Inherited Rating (Y/N)",
    "Location Region",
    "Location NHS Region",
    "Location Local Authority",
    "Location ONSPD CCG Code",
    "Location ONSPD CCG",
    "Location Commissioning CCG Code",
    "Location Commissioning CCG",
    "Location Street Address",
    "Location Address Line 2",
    "Location City",
    "Location County",
    "Location Postal Code",
    "Location Paf ID",
    "Location UPRN ID",
    "Location Latitude",
    "Location Longitude",
    "Location Parliamentary Constituency",
    "Location Telephone Number",
    "Location Web Address",
    "Registered Manager",
    "Brand ID",
    "Brand Name",
    "Provider ID",
    "Provider Name",
    "Provider HSCA start date",
    "Provider Companies House Number",
    "Provider Charity Number",
    "Provider Type/Sector",
    "Provider Inspection Directorate",
    "Provider Primary Inspection Category",
    "Provider Ownership Type",
    "Provider Telephone Number",
    "Provider Web Address",
    "Provider Street Address",
    "Provider Address Line 2",
    "Provider City",
    "Provider County",
    "Provider Postal Code",
    "Provider Local Authority",
    "Provider Region",
    "Provider Latitude",
    "Provider Longitude",
    "Provider Nominated Individual Name",
)
HSCA_REGULATED_ACTIVITY_PREFIX = "Regulated activity - "
HSCA_SERVICE_TYPE_PREFIX = "Service type - "
HSCA_SERVICE_USER_BAND_PREFIX = "Service user band - "
HSCA_REQUIRED_COLUMNS = ("Location ID", "Location Name", "Provider ID", "Location Local Authority")


def hsca_columns() -> tuple[str, ...]:
    """The full HSCA_Active_Locations header, in the CQC's order."""
    return (
        HSCA_FIXED_COLUMNS
        + tuple(HSCA_REGULATED_ACTIVITY_PREFIX + name for name in REGULATED_ACTIVITIES)
        + tuple(HSCA_SERVICE_TYPE_PREFIX + description for _, description in SERVICE_TYPES)
        + tuple(HSCA_SERVICE_USER_BAND_PREFIX + band for band in SERVICE_USER_BANDS)
    )


# --- Latest_ratings (ODS): long format, one row per location × service/population group × domain --
LATEST_RATINGS_LOCATIONS_SHEET = "Locations"
LATEST_RATINGS_COLUMNS: tuple[str, ...] = (
    "Location ID",
    "Location ODS Code",
    "Location Name",
    "Care Home?",
    "Location Street Address",
    "Location Address Line 2",
    "Location City",
    "Location Post Code",
    "Location Local Authority",
    "Location Region",
    "Location NHS Region",
    "Location ONSPD CCG Code",
    "Location ONSPD CCG",
    "Location Primary Inspection Category",
    "Location Type",
    "Service / Population Group",
    "Domain",
    "Latest Rating",
    "Publication Date",
    "Report Type",
    "Inherited Rating (Y/N)",
    "URL",
    "Provider ID",
    "Provider Name",
    "Brand ID",
    "Brand Name",
)
LATEST_RATINGS_OVERALL_GROUP = "Overall"  # the "Service / Population Group" of the location's own rating
LATEST_RATINGS_DOMAINS = ("Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led")

# --- CQC_directory.csv: 4 preamble rows, then a header and one row per location ----------------
DIRECTORY_PREAMBLE_ROWS = 4
DIRECTORY_COLUMNS: tuple[str, ...] = (
    "Name",
    "Also known as",
    "Address",
    "Postcode",
    "Phone number",
    "Service's website (if available)",
    "Service types",
    "Date of latest check",
    "Specialisms/services",
    "Provider name",
    "Local authority",
    "Region",
    "Location URL",
    "CQC Location ID (for office use only)",
    "CQC Provider ID (for office use only)",
)
DIRECTORY_LIST_SEPARATOR = "|"  # "Service types" and "Specialisms/services" list values joined by "|"
# The 2016 edition (a real file CQC published in November 2016): "Local Authority" with a capital A,
# "Date of latest check" as "16/11/2015 - 00:00"; the columns are otherwise the same, in the same order.
DIRECTORY_COLUMNS_2016: tuple[str, ...] = tuple(
    "Local Authority" if name == "Local authority" else name for name in DIRECTORY_COLUMNS
)

# --- Deactivated_Locations (ODS; read from XLSX/CSV too): one row per location no longer registered --
DEACTIVATED_SHEETS = ("Deactivated_Locations", "De-activated locations")  # else the first sheet is read
DEACTIVATED_HEADER_MARKER = "Location ID"
# The column with the day registration ended, under each name CQC has given it; the first found is read.
DEACTIVATED_END_DATE_COLUMNS = (
    "Location HSCA End Date",
    "Location End Date",
    "Deactivation date",
    "Location Deactivation Date",
)
DEACTIVATED_BEDS_COLUMNS = ("Care homes beds at point location de-activated", "Care homes beds")
# CQC's column order (September 2026 file) up to "Provider Charity Number"; the provider columns after
# it are carewatch's assumption (docs/generator.md), followed by the HSCA file's flag columns.
DEACTIVATED_FIXED_COLUMNS: tuple[str, ...] = (
    "Location ID",
    "Location ODS Code",
    "Location Name",
    "Location Status",
    "Location HSCA start date",
    "Location HSCA End Date",
    "Care home?",
    "Care homes beds at point location de-activated",
    "Location Type/Sector",
    "Location Primary Inspection Category",
    "Location Inspection Directorate",
    "Location Region",
    "Location Primary NHS Region",
    "Location Local Authority",
    "Location ONSPD CCG Code",
    "Location ONSPD CCG",
    "Location Commissioning CCG Code",
    "Location Commissioning CCG Name",
    "Location Parliamentary Constituency",
    "Location Latitude",
    "Location Longitude",
    "Location Street Address",
    "Location Address Line 2",
    "Location City",
    "Location County",
    "Location Postal Code",
    "Location PAF ID",
    "Location UPRN ID",
    "Location Latest Overall Rating",
    "Publication Date",
    "Inherited Rating (Y/N)",
    "Brand ID",
    "Brand Name",
    "Provider Charity Number",
    "Provider Companies House Number",
    "Provider ID",
    "Provider Name",
    "Provider HSCA start date",
    "Provider Ownership Type",
)


def deactivated_columns() -> tuple[str, ...]:
    """The Deactivated_Locations header the generator writes."""
    return DEACTIVATED_FIXED_COLUMNS + hsca_columns()[len(HSCA_FIXED_COLUMNS) :]


CQC_LOCATION_URL = "https://www.cqc.org.uk/location/{location_id}"
CQC_PROVIDER_URL = "https://www.cqc.org.uk/provider/{provider_id}"
