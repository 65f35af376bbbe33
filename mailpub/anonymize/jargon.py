"""Trade jargon written in capitals: abbreviations that name no organisation.

Letters are full of them ("KYC", "P&L", "RSUs", "FedRAMP", "TS/SCI", "PAYE", "NCLEX") and
the model reads many as organisations. A span that is only jargon, or a grade, level or
form code ("APS6", "GS-13", "EC-06", "W-2", "B1"), is held back when the model or a weak
cue ("with", "for") is all that found it. A gazetteer entry, a configured name, a legal
suffix or a strong cue ("I work at", "joined") still replaces it, so an abbreviation that
is also an employer ("CMS", "ATO") is replaced where the letter says it is one.

The list is of abbreviations used across trades, not of words seen in the test letters:
finance, tax and payroll, HR and recruiting, software and security, engineering and
logistics, health care, education, law, migration and the public sector, and the
abbreviations of regions and states ("EMEA", "GCC", "NSW"). Pure.
"""

from __future__ import annotations

import re

from mailpub.anonymize.lexicon import words

__all__ = ["JARGON", "is_jargon"]

JARGON = frozenset(
    words(
        """
        kyc aml cft cdd edd sar str nav aum aifmd ucits mifid mifid2 pnl p&l var alm alco
        irrbb lcr nsfr cet1 rwa icaap ilaap ifrs gaap sox fx ficc dcm ecm m&a lbo ipo ipos
        spac vc lp lps irr moic ebitda eps roe roa roic cagr dcf wacc fp&a ap ar gl opex
        capex ctc tco nbfc npa npl casa emi sip etf etfs reit reits esg sfdr tcfd csrd
        issb ghg frtb ccar dfast cecl otc cds mbs clo cdo hft ico defi cbdc arr mrr
        acv tcv nrr grr cac ltv arpu gmv aov sku skus pos cpg fmcg d2c dtc smb smbs sme
        smes msme msmes ngo ngos ingo cso csos cbo cbos fbo kpi kpis okr okrs qbr qbrs ebr
        nps csat aht fcr lob bpo kpo ites mnc mncs psu psus sla slas sop sops raci rfp rfps
        rfi rfq sow msa nda ndas mou mous loi t&c t&cs poc mvp prd brd frd uat sdlc sdet
        tdd bdd oop dsa lgd pd scd mece eks aks frm foi tig mig mag gate
        paye gst vat hst pst qst tds itr hra lta pf epf uan esic cpf tfn nino ssn ein itin
        w2 w-2 w-4 w-8ben 1099 k-1 401k 403b 457b ira iras roth hsa fsa rsu rsus espp esop
        esops iso isos nso nsos
        pto fte ftes hc ote sdr sdrs bdr bdrs ae aes am kam ta hris ats l&d dei ed&i edi
        erg ergs pip pips wfh rto toil fmla pfl loa eap jd jds tl tm tls ic ics em ems
        pgm pmo coe cv cvs lor resume
        cpu gpu gpus tpu ram ssd asic fpga soc rtl uvm eda pcb pcba iot iiot ot scada plc
        plcs hmi dcs mes lims qms eqms cmms eam crm erp lms hcm siem edr xdr iam pam
        sso mfa vpn dns cdn ssl http https tcp lan wan sd-wan sdn cli gui os vm vms
        iac noc sre llm llms rag nlp ocr etl elt dwh olap saas paas iaas daas ui ux qa qc
        qa/qc devsecops finops revops secops dataops mlops aiops grc isms pci pci-dss dss
        hipaa gdpr ccpa pipeda fedramp fisma nist cmmc stig rmf poa&m ts/sci ts sci sc dv
        r&d f&b m&e b&w
        bpss nv1 nv2 baseline oscp ceh cisa cism crisc cgeit cissp gsec gcih sscp cysa
        ccna ccnp ccie jncia rhce rhcsa lpic mcsa mcse mcp capm pmi-acp pgmp safe cspo
        pspo togaf cobit cbap ccba ecba caia cfe ctp chfc clu aat aca cips cscp cpim
        cltd cpsm lss leed breeam vfx sfx seo sem ppc cpc cpm ctr roas kol kols ugc
        ott avod svod daw midi lut luts dslr nle
        ehs qhse hsse ppe loto ndt cswip nebosh iosh cscs smsts sssts hvac mep bim cad
        cam cnc oem oems epc epcm feed pmc o&m lng lpg cng fpso hgv lgv cdl otr ltl ftl
        3pl 4pl wms tms fob cif exw ddp incoterms cmr tir adr dgr uld awb b/l bol
        solas stcw marpol gmdss bosiet huet foet
        icu nicu picu hdu ccu pacu ed a&e rn rns lpn lvn cna cnas np pa pas slp emt
        emts cpr bls acls pals nrp tncc pacs ris ehr emr epr hl7 fhir ct mri pet ecg
        ekg eeg icd cpt drg hcc osce nclex usmle plab mrcs frcs cct cpd cme pcos copd hiv
        tb ivf obgyn ob/gyn ent msk snf ltc alf aba bcba rbt sen senco ehcp iep ieps adhd
        asd camhs wwcc
        gcse gcses igcse igcses ib sat act gre gmat lsat mcat ielts toefl pte delf dele
        hsk jlpt topik pgce qts nqt ect tefl tesol celta bed med btech mtech bca mca bsit
        bscs bscn bsn emba pgdm pgdip hnd hnc nvq nvqs btec vet atar gpa cgpa ossd spm
        stpm kcse kcpe csec ncea
        ias ips gs ses el1 el2 tsp fers foia eeo ada llb kc bptc sqe sqe1
        sqe2 lpc pqe nq
        pr opt h-1b h1b l-1 o-1 eb-2 eb-3 eb-5 niw ead lmia pgwp crs eca tfsa rrsp resp
        ei cpp oas pnp ilr brp hpi gtv tss anzsco nri btos bto ep ns nsman
        asap fyi eod tbd eta ooo btw imo tbh aka diy faq faqs q&a
        lcsw lsw lmsw bsw msw naplex pbm whmis twic hazmat eld fdm qwe jtag usmca nafta
        meddpicc bant gd&t ctfl istqb fgts clt pj ferpa coppa lgpd pdpa popia ndpr dpdp
        mice ut mt pt rt vt shs jhs eu emea apac latam mena dach anz gcc nsw qld vic tas nt
        sa wa uk us usa uae ksa ca
        """
    )
)

#: A grade, level, exam part, form or model code: "APS6", "GS-13", "EC-06", "B1", "A320".
_CODE_RE = re.compile(r"[A-Z]{1,5}-?\d{1,3}")


def is_jargon(surface: str) -> bool:
    """The text of a span is trade jargon or a code ("KYC", "P&L", "KPIs", "GS-13"),
    written with two capitals or more."""
    text = surface.strip()
    if sum(c.isupper() for c in text) < 2:
        return False  # written as a word or a name ("Seo", "Pam"), not as an abbreviation
    if _CODE_RE.fullmatch(text):
        return True
    key = text.lower().replace(".", "")
    if key in JARGON:
        return True
    # a plural of capitals: "KPIs", "RSUs", "NDAs" (not "ETAS", "DCFS": names)
    return text.endswith("s") and key[:-1] in JARGON and text[:-1].isupper()
