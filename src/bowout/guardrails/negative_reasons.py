"""Negative reasons: the things a candidate may think but should never write (seed 004).

A sentence gives a negative reason in a category when it names the category's topic
(pay, the reviews, the mission, ...) together with a negative judgement, in any order, or
when it uses a phrase that is a complaint on its own ("lowball", "unpaid take-home",
"a step down"). Neutral mentions pass: "I enjoyed learning about your culture", "thank you
for the salary discussion", "mission-critical", "this role isn't the right fit for me".
Phrases that sound negative but are courteous ("I apologise for any inconvenience",
"sorry to disappoint") are removed before matching.

Patterns use stems (`compensat\\w*`) so inflections match; each is compiled once at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bowout.guardrails.parse import Letter
from bowout.guardrails.patterns import Lazy, words
from bowout.guardrails.reason_model import THRESHOLD, read_reason
from bowout.models import CheckContext, Finding, Flexibility, Scenario

_any = words


def _pattern(source: str, flags: int = 0) -> Lazy:
    # Every pattern here runs on lower-cased text.
    return Lazy(source, lower=True)


# Courteous or neutral phrases that contain words the patterns below look for.
_NEUTRAL = _any(
    r"mission[- ]critical",
    r"(?:sorry|apologi[sz]e|regret) (?:for|about) (?:any|the) (?:inconvenience|short notice"
    r"|late notice|trouble|confusion)[\w ]{0,30}",
    r"(?:sorry|hate) to disappoint(?: you)?",
    r"(?:may|might|will) (?:be|come as) (?:a )?disappoint\w*",
    r"disappointing news",
    r"(?:any|no) (?:further )?(?:questions or )?concerns",
    r"questions? or concerns?",
    r"long[- ]term",
    r"(?:not|isn't|is not|wasn't) (?:quite )?(?:the |a )?(?:right|good|great|best|strong|ideal) "
    r"(?:fit|match)",
    r"(?:to )?waste (?:anyone's|everyone's|your|the team's) time",
    r"not (?:to )?take up (?:more of )?your time",
    r"without (?:any )?(?:hard feelings|reservation)",
    r"heard (?:such |so many )?(?:great|good|wonderful|lovely|positive) things",
    r"code reviews?",
    r"performance reviews?",
    r"no (?:doubt|question)",
    r"(?:a )?difficult decision",
    r"(?:the )?(?:short|late) notice",
    r"hard decision",
    r"(?:it was|this was) not (?:an )?easy",
    r"(?:don't|do not|never) hesitate",
    r"without hesitation",
    r"feel free",
    r"(?:no|not a) problem",
    r"touch base",
    r"cold (?:email|e-mail|outreach|message|call|approach)\w*",
    r"as long as|before long|all along",
    r"on balance",
    r"(?:any|the|no) (?:trouble|issues?|difficulty)",
    r"I (?:want|wanted) to stress",
    r"take care",
    r"thank you for (?:your|the) flexibility",
    r"(?:sorry|apologi[sz]e|apologies|forgive me|pardon) (?:for|about) (?:the|my) (?:\w+ )?"
    r"(?:delay|delayed|slow)\w*"
    r"(?: (?:in|reply|replying|response|responding)\w*)*",
    r"long (?:week|day|weekend|month)",
    r"concerned (?:that )?I\b",
    r"(?:couldn't|could not|can't|cannot) (?:have been|be) (?:any )?"
    r"(?:better|smoother|nicer|kinder|easier|more \w+)",
    r"(?:can't|cannot|couldn't) thank",
    r"not only",
    r"(?:sorry|apologi[sz]e|apologies|regret|hate)(?: \w+){0,2}? (?:for |to |about )?(?:cancel\w*|"
    r"withdraw\w*|postpon\w*|reschedul\w*|miss\w*|pull\w* out|back\w* out)",
    r"(?:not|\w+n't|never) (?:at all )?(?:what|as bad as) I (?:feared|worried about|dreaded)",
    r"(?:don't|do not|didn't|did not|never|would not|wouldn't|will not|won't) hesitate",
    r"(?:too much|so much|much|any|the|no) (?:trouble|bother|inconvenience|hassle)",
    r"(?:keep|kept|keeping|leave|leaving) you (?:waiting|hanging|in suspense)[\w ]{0,30}",
    # Hard work acknowledged is thanks, not a complaint about the process.
    r"(?:know|realise|realize|appreciate|understand|grateful for|thank you for|thanks for)\b"
    r"[\w ']{0,40}\b(?:a lot of|a great deal of|so much|the) (?:time|work|effort|care)\b"
    r"[\w ']{0,30}",
    r"(?:long|lengthy|intense|demanding|challenging|tough|hard|difficult|rigorous),? but "
    r"(?:\w+ )?(?:enjoyable|worthwhile|fun|rewarding|fair|worth it|valuable|interesting|"
    r"thorough|fascinating|well organi[sz]ed)",
    r"(?:never|not|\w+n't) (?:really |ever )?(?:the|an|a|any) (?:issue|problem|concern|factor|"
    r"reason)",
    r"(?:don't|do not|never|no|without (?:a|any)) doubt",
    # The candidate's own delays and news, not the company's.
    r"without (?:any |further )?delay",
    r"than delay",
    r"(?:responses|replies|my (?:replies|responses|reply|response)) (?:may|might|will|could) be "
    r"(?:a (?:little|bit) |slightly )?(?:delayed|slower|slow)(?: than usual)?",
    r"my (?:flight|train|bus|connection) (?:was |got )?(?:delayed|cancell?ed)",
    r"(?:cause|causes|caused|create|creates) (?:too much |any |much |a lot of )?(?:disruption|"
    r"inconvenience|trouble|delay)\w*[\w ]{0,30}",
    r"(?:a )?(?:difficult|hard|tough) (?:email|letter|message|note|decision) to "
    r"(?:write|make|send)",
    r"(?:come|comes|coming) as (?:too much of |much of |a bit of )?a surprise",
    r"no longer (?:be )?(?:able|available|in a position|pursuing|looking|interested|considering|"
    r"seeking|free)",
    r"at (?:this|that|the|an early|a later) stage(?: (?:of|in) my (?:career|life|search))?",
)

# Judgements that turn a neutral topic into a complaint, whatever the topic.
_NEGATIVE = (
    r"disappoint\w*",
    r"concern\w*",
    r"worr\w*",
    r"frustrat\w*",
    r"underwhelm\w*",
    r"unimpress\w*",
    r"troubl\w*",
    r"uneas\w*",
    r"uncomfortabl\w*",
    r"discomfort",
    r"unsettl\w*",
    r"off[- ]?putting",
    r"put(?:s|ting)? me off",
    r"turn(?:ed|s)? me off",
    r"gave me (?:enough |some |real |serious )?pause",
    r"give[s]? me pause",
    r"giving me pause",
    r"made me (?:want to )?(?:pause|hesitate|reconsider|rethink|think twice|wonder|hold off|"
    r"hold back|walk away)",
    r"weigh(?:ed|s|ing)? (?:heavily )?on me",
    r"(?:not|isn't|wasn't|wouldn't be|won't be|never be|hardly) (?:\w+ )?sustainable",
    r"(?:more|longer|too much) (?:time|hours|work|effort|travel|rounds|steps|evenings) than I "
    r"(?:can|could|am able to|'m able to)(?! (?:say|express|thank|describe|count|tell))",
    r"(?:left|leaves) me (?:uneasy|unsure|uncertain|wondering|with doubts|with reservations)",
    r"red flags?",
    r"reservations?",
    r"doubts?",
    r"hesita\w*",
    r"misgiving\w*",
    r"s[ck]eptic\w*",
    r"wary",
    r"unfortunate",
    r"poor\w*",
    r"bad",
    r"worse",
    r"worst",
    r"negative\w*",
    r"toxic",
    r"lack\w*",
    r"insufficient",
    r"inadequate",
    r"sub-?par",
    r"mediocre",
    r"weak",
    r"unclear",
    r"questionable",
    r"(?:problems?|issues?) with",
    r"struggl\w*",
    r"difficult",
    r"not (?:quite |entirely |fully |really |totally |very |particularly |as |that |so |all that )?"
    r"(?:great|good|ideal|what I (?:had )?(?:expected|hoped|was hoping|anticipated|imagined))",
    r"(?:hoped|hoping|expected|expecting|looking) for (?:a |an |something |somewhat )?"
    r"(?:more|better|bit more|little more|higher|clearer|faster|quicker|greater|stronger)",
    r"(?:had|would have) (?:hoped|expected|preferred|liked)",
    r"(?:did not|didn't|does not|doesn't|do not|don't|wouldn't|would not|won't|will not) "
    r"(?:quite |really |entirely |fully )?(?:feel|seem|sit|sound|look) (?:quite |entirely )?"
    r"(?:right|good|great|well|ideal)",
    r"(?:did not|didn't|does not|doesn't) (?:quite )?(?:meet|match|live up to|measure up)",
    r"(?:fell|falls|fall|falling) short",
    r"less than (?:ideal|great|stellar|encouraging|inspiring|impressive)",
    r"(?:not|wasn't|isn't|was not|is not) (?:very |particularly |entirely |quite )?"
    r"(?:encouraging|impressive|inspiring|reassuring|appealing|compelling|attractive)",
    r"unappealing",
    r"(?:a|the) (?:downside|drawback|deal[- ]?breaker|sticking point)",
    r"deal[- ]?breaker",
    r"(?:far|too) (?:from|much|many|long|little|few|slow|low|high|rigid)",
    r"mixed",
    r"(?:could|can) (?:have been|be) (?:better|improved)",
    r"(?:rather|somewhat|a bit|a little|quite|pretty|very|really|fairly) "
    r"(?:chaotic|slow|long|low|rigid|vague|disorgani[sz]ed|intense|cold|rushed)",
    r"wasn't impressed",
    r"(?:hoped|hoping|expected|expecting|wanted) (?:for |to (?:see|find|have) )?(?:[\w'-]+ ){0,6}?"
    r"(?:more|better|higher|clearer|faster|quicker|greater|stronger|bigger|shorter|less|fewer|"
    r"smaller)",
    r"left (?:something|a lot|much|a little) to be desired",
    r"raised (?:some |a few |real )?(?:questions|concerns|flags|doubts)",
    r"changed my mind",
    r"(?:hard|difficult|tough|stressful|demanding) (?:place|environment|company) to work",
    r"(?:hard|difficult|tough|tricky) to (?:reach|get hold of|contact|pin down|get a response)",
    r"drain\w*",
    r"(?:not|n't|hard to|struggle to) (?:feel |be |get )?(?:very |particularly |all that |that )?"
    r"(?:enthusiastic|excited|passionate|motivated|inspired)",
    r"than I(?:'d| would) (?:like|prefer|want|hope|enjoy|choose)",
    r"(?:didn't|did not|don't|do not) (?:really |particularly |much )?(?:like|care for|warm to|"
    r"get on with|get along with|connect with)",
    r"second thoughts",
    r"(?:more|longer|slower|lower|less|fewer|smaller|harder|heavier|bigger|thinner|leaner|"
    r"tighter|narrower|weaker|worse) than I(?: had|'d| would have)? "
    r"(?:expected|anticipated|hoped|imagined|pictured|envisioned|bargained for)",
    r"(?:made|make|makes|left) me (?:cautious|wary|nervous|doubt\w*|second-guess\w*)",
    r"cautious",
    r"(?:kept|keep|keeping|being kept) (?:me )?(?:on hold|waiting|in the dark)",
    r"strain\w*",
    r"tension\w*",
    r"friction",
    r"warn\w*",
    r"kept (?:changing|moving|pushing|chasing|calling|asking|cancel\w*|postpon\w*|reschedul\w*|"
    r"interrupt\w*|pressing|shifting)",
    r"(?:more|less) [\w-]+ than (?:suits me|I(?:'m| am) (?:used to|comfortable with|looking for)|"
    r"I (?:prefer|like|would like|want|need)|works for me)",
    r"than suits me",
    r"more than I (?:can|could|am able to|'m able to|want to) \w+",
    r"was not impressed",
    r"cold",
)

# Judgements that need no topic: the words are complaints wherever they appear.
_COMPLAINT = (
    r"waste of (?:my )?time",
    r"wasted my time",
)


@dataclass(frozen=True)
class Category:
    name: str
    topic: Lazy
    judgement: Lazy
    direct: Lazy
    what: str
    # Whether any general negative word counts; for the job and the schedule, common
    # self-focused sentences ("I lack experience the role needs") must still pass.
    broad: bool = True


_GENERIC = _any(*_NEGATIVE)
# The general judgements that still read as a complaint about a job or a schedule.
_MILD = (
    r"disappoint\w*",
    r"concern\w*",
    r"worr\w*",
    r"frustrat\w*",
    r"underwhelm\w*",
    r"reservations",
    r"gave me (?:enough |some |real |serious )?pause",
    r"giving me pause",
    r"put(?:s|ting)? me off",
    r"red flags?",
    r"(?:hoped|hoping|expected|expecting) for (?:a |an |something )?(?:more|bit more|little more|"
    r"greater|higher|clearer)",
    r"(?:had|would have) (?:hoped|expected|preferred|liked)",
    r"not (?:quite |entirely |really )?what I (?:had )?(?:expected|hoped|was hoping|anticipated|"
    r"imagined|envisioned)",
    r"(?:fell|falls|fall|falling) short",
    r"(?:did not|didn't|does not|doesn't) (?:quite )?(?:meet|live up to)",
    r"(?:a|the) (?:downside|drawback|deal[- ]?breaker|sticking point)",
    r"(?:hoped|hoping|expected|expecting|wanted) (?:for |to (?:see|find|have) )?(?:[\w'-]+ ){0,6}?"
    r"(?:more|better|higher|clearer|faster|quicker|greater|stronger|bigger|shorter|less|fewer|"
    r"smaller)",
    r"left (?:something|a lot|much|a little) to be desired",
    r"raised (?:some |a few |real )?(?:questions|concerns|flags|doubts)",
    r"deal[- ]?breaker",
    r"(?:not|n't|hard to|struggle to) (?:feel |be |get )?(?:very |particularly |all that |that )?"
    r"(?:enthusiastic|excited|passionate|motivated|inspired)",
    r"than I(?:'d| would) (?:like|prefer|want|hope|enjoy|choose)",
    r"less than (?:ideal|great|stellar|encouraging)",
    r"unappealing",
)

PAY = Category(
    name="pay",
    what="pay or compensation",
    topic=_any(
        r"salar(?:y|ies)",
        r"pay(?:s|ing)?(?! (?:attention|a visit|my respects|it forward|tribute))",
        r"paid",
        r"compensat\w*",
        r"comp(?: package)?",
        r"remunerat\w*",
        r"wages?",
        r"rate",
        r"(?:pay|salary|comp) (?:band|range|grade)",
        r"bands?",
        r"base",
        r"bonus\w*",
        r"equity",
        r"stock(?: options)?",
        r"benefits?",
        r"(?:the |your |this )(?:package|numbers?|figures?|budget)",
        r"package",
        r"money",
        r"earn\w*",
        r"(?:total )?rewards?",
        r"income",
        r"financial\w*",
        r"(?:the |your |an |this |their )offer(?! to)",
        r"pto|paid time off|vacation (?:days|policy)",
        r"\$\s?\d[\d,.]*k?",
        r"(?:the|your|this|that|salary|pay|comp|compensation) range(?! of)",
        r"retirement (?:match|plan|contributions?|benefits?)",
        r"pensions?",
        r"401\(?k",
        r"deductibles?",
        r"health (?:plan|insurance|coverage|benefits)",
        r"take-?home(?! (?:task|assignment|test|exercise|project|challenge|work))",
        r"\d{2,3}(?:,\d{3}|k)",
    ),
    judgement=_any(
        r"(?:not|isn't|wasn't|aren't|weren't|less) (?:quite |very |particularly |as |really )?"
        r"competitive",
        r"uncompetitive",
        r"low(?:er|est)?",
        r"below",
        r"under(?:paid|valued|whelming|market)",
        r"lowball\w*",
        r"(?:not|isn't|wasn't) (?:quite )?(?:enough|sufficient|where I need|in line)",
        r"short of",
        r"gap",
        r"(?:far|too) apart",
        r"(?:can't|cannot|couldn't|unable to) (?:accept|afford|justify|make it work|meet)",
        r"(?:pay|salary) cut",
        r"step (?:back|down) financially",
        r"make ends meet",
        r"(?:my|the) expectations?",
        r"(?:did not|didn't|does not|doesn't|would not|wouldn't) (?:quite )?(?:work|align|match)",
        r"(?:more|higher|better) (?:pay|salary|compensation|offer|package)",
        r"market rate",
        r"less than",
        r"closer to (?:my|what)",
        r"(?:reduction|drop|decrease|cut) in",
        r"under what",
        r"(?:go|goes|going|went) down",
        r"(?:considerably|significantly|substantially|much|notably|far|meaningfully) "
        r"(?:higher|more|better|larger|greater)",
        r"(?:not able to|unable to|can't|cannot|couldn't) make (?:the|this|that|it) (?:\w+ )?work",
        r"(?:isn't|is not|not) something I can (?:justify|afford|accept)",
        r"(?:modest|meagre|meager|disappointing|limited|stingy|unimpressive)",
    ),
    direct=_any(
        r"lowball\w*",
        r"under-?paid",
        r"(?:pay|salary) cut",
        r"below (?:the )?market",
        r"under (?:the )?market",
        r"(?:a |an )?(?:better|higher|more competitive|more generous|stronger) "
        r"(?:offer|package|salary|compensation)",
        r"(?:salary|pay|compensation) (?:expectations?|requirements?) "
        r"(?:were|are|was|is)? ?(?:not|n't|too|higher)",
        r"(?:didn't|did not|doesn't|does not|couldn't|could not) (?:meet|match) "
        r"(?:my )?(?:salary|pay|compensation|financial)",
        r"financially (?:it )?(?:doesn't|does not|didn't|did not|wouldn't|would not|isn't|wasn't)",
        r"not (?:financially )?(?:viable|feasible) financially",
        r"(?:can't|cannot) afford",
        r"make the (?:math|maths|numbers|figures|sums) work",
        r"(?:math|maths|numbers|figures|sums) (?:just )?(?:don't|didn't|doesn't|do not|did not|"
        r"won't|wouldn't) (?:quite )?(?:work|add up|stack up)",
        # A condition on the figure: "I can't accept the offer at the salary proposed".
        r"at (?:the|this|that|such an?|your) (?:proposed |offered |current |stated )?"
        r"(?:salary|pay|rate|compensation|figure|base(?: salary)?)"
        r"(?: (?:level|proposed|offered|on offer|you (?:proposed|offered|mentioned)|discussed))?",
    ),
)

REVIEWS = Category(
    name="reviews",
    what="the company's reputation or reviews",
    topic=_any(
        r"reviews?",
        r"glassdoor",
        r"blind",
        r"indeed",
        r"reputation\w*",
        r"rat(?:ing|ings|ed)",
        r"(?:former|current|past|ex-?)[ -]?(?:employees?|staff|colleagues|team members)",
        r"word of mouth",
        r"online",
        r"commentary",
        r"(?:your|the company's|its|their) (?:employees|staff|workers)",
        r"(?:been told|I(?:'ve| have) heard|word is|people (?:say|said|tell me))",
        r"(?:people|those|friends|others|someone|colleagues) (?:who|that) (?:have |had )?"
        r"(?:worked|work) (?:there|at|for)",
        r"press(?: coverage)?",
        r"news",
        r"articles?",
        r"rumou?rs?",
        r"stories",
        r"comments?",
        r"(?:what|things) (?:I(?:'ve| have)?|others) (?:heard|read|seen|learned|found)",
        r"(?:heard|read|seen|came across|found|learned) (?:online|about the company)",
        r"feedback (?:online|from (?:former|current|people))",
        r"lawsuits?",
        r"track record",
        r"reported",
        r"(?:what|things) (?:people|others|friends|employees|staff) (?:say|said|have said)",
        r"scandals?",
        r"layoffs?",
        r"(?:some|a few|several) (?:accounts|reports|posts)",
        r"headlines?",
        r"(?:media |press |news )?coverage",
        r"(?<!-)standing(?! (?:desk|meeting|ovation|invitation|offer))",
        r"(?:people|those|friends|others|someone|colleagues|classmates|acquaintances|contacts) "
        r"(?:who|that) (?:have |had )?(?:left|quit|spent (?:time|years)|worked)",
        r"(?:their|her|his) experiences?",
        r"threads?",
        r"reddit",
        r"forums?",
        r"class[- ]action",
        r"regulat\w* (?:inquiry|investigation|probe|action|scrutiny)",
    ),
    judgement=_any(
        r"(?:doesn't|does not|didn't|did not|don't) (?:\w+ )?(?:have|enjoy) (?:the |a )?"
        r"(?:best|greatest|strongest|good|great|strong|stellar)",
    ),
    direct=_any(
        r"glassdoor",
        r"scathing",
        r"damning",
        r"unflattering",
        # "has a reputation" with no praise attached: "carries a reputation in the sector".
        r"(?:has|have|had|carries|carry|carried|earned|with) (?:quite a |something of a |a certain "
        r"|a bit of a |a )reputation(?! (?:for|as))",
        r"(?:bad|poor|mixed|negative|troubling|shaky|questionable|concerning|checkered) "
        r"(?:reputation|reviews?|press|ratings?|track record)",
        r"(?:employee|online|company|staff|glassdoor|indeed|anonymous) reviews?",
        r"reviews? (?:I|I've|I have) (?:read|seen|found|come across)",
        r"(?:after|having|from) (?:reading|seeing|looking at|going through|browsing) "
        r"(?:some|the|a few|several|recent|your)? ?(?:reviews|ratings|comments)",
        r"(?:former|current|ex-?) ?employees? (?:have )?(?:said|say|describe|report|mention|"
        r"shared|wrote|write|warned)",
        r"(?:heard|read) (?:some |a few |several )?(?:things|stories|accounts|comments) "
        r"(?:about|from|regarding)",
        r"(?:heard|read|seen) (?:some |very )?(?:mixed|worrying|concerning|negative|unflattering|"
        r"troubling|not great|mixed) (?:things|stories|accounts|comments|reports|feedback)",
    ),
)

MISSION = Category(
    name="mission",
    what="the company's mission or business model",
    topic=_any(
        r"mission",
        r"visions?",
        r"(?:company's|your|the company|organi[sz]ation's|its|corporate|core) values",
        r"my (?:own |personal |core )?(?:values|principles|beliefs|ethics|convictions)",
        r"business model",
        r"(?:the|your) (?:product|products|industry|sector|space|market|clients|customers)",
        r"(?:company's|your|the company's) (?:direction|strategy|approach|practices|work)",
        r"(?:direction|strategy) (?:of|the company)",
        r"(?:the|your|its) (?:strategy|direction|vision|model|roadmap)",
        r"(?:the company's|your|its|the business's|their) (?:position|stance|record|approach|"
        r"policy|policies|track record) on",
        r"ethic\w*",
        r"mon[ei]ti[sz]\w*",
        r"revenue model",
        r"what (?:the company|you|your company) (?:does|do|builds|sells|makes)",
        r"what (?:the company|you|your company|it|they|the business) (?:stands? for|represents?)",
        r"(?:advertising|ad[- ]tech|crypto\w*|gambling|betting|tobacco|defen[cs]e|surveillance|"
        r"fossil fuels?|oil and gas|weapons?|data brok\w*)",
        r"purpose",
        r"(?:the|your|its) business(?! (?:days?|hours|trip|card|casual))",
        r"what (?:you're|you are|they're|they are|the company is|the team is|the business is) "
        r"(?:building|doing|selling|making|creating)",
    ),
    judgement=_any(
        r"disagree\w*",
        r"(?:don't|do not|didn't|did not|can't|cannot|couldn't) "
        r"(?:fully |really |quite |entirely )?"
        r"(?:agree|believe in|support|share|get behind|stand behind|endorse|align)",
        r"not (?:fully |really |entirely |quite )?"
        r"(?:aligned|compatible|comfortable|convinced|sold)",
        r"(?:at odds|in conflict|conflicts?|clash\w*|incompatible)",
        r"(?:sit|sits|sat) (?:well|right)",
        r"(?:hard|difficult|tough) (?:for me )?to (?:champion|get behind|support|advocate for|"
        r"believe in|stand behind)",
        r"(?:not |un)willing to (?:work on|work for|support|promote|represent|be associated)",
        r"(?:misalign\w*|mismatch\w*)",
        r"(?:less|not|never) (?:\w+ )?aligned",
        r"(?:different|differ\w*) (?:from|than) (?:my|mine)",
        r"(?:my|personal) (?:own )?(?:values|principles|beliefs|conscience|priorities)",
        r"(?:harm|harmful|predatory|exploit\w*|unethical|irresponsible|shady|dubious|"
        r"questionable|problematic|controversial)",
    ),
    direct=_any(
        r"disagree with (?:the |your )?(?:company|mission|vision|direction|approach|values|"
        r"business|strategy|product)",
        r"(?:don't|do not|can't|cannot) (?:believe in|get behind|stand behind) "
        r"(?:the |your |what )",
        r"unethical",
        r"predatory",
        r"exploitative",
        r"(?:at odds|in conflict|conflicts?) with my (?:own |personal )?(?:values|principles|"
        r"beliefs|ethics)",
        r"(?:against|contrary to) my (?:own |personal )?(?:values|principles|beliefs|ethics)",
        # Not sharing the company's belief in what it does: "... the way the team does".
        r"(?:don't|do not|can't|cannot|couldn't) (?:\w+ )?(?:believe in|buy into|share) "
        r"[\w' -]{1,40}\bthe way (?:the team|you|they|your team|the founders|the company|everyone"
        r"|you all) (?:does|do)\b",
    ),
)

CONDUCT = Category(
    name="conduct",
    what="how the recruiter, interviewers or managers behaved",
    topic=_any(
        r"recruit\w*",
        r"interviewers?",
        r"hiring (?:manager|team|panel)",
        r"(?:the|my|your|future|prospective|potential) (?:manager|boss|lead|supervisor|director)",
        r"managers?|boss|supervisor",
        r"panel\w*",
        r"(?:the|our|my|that) (?:\w+ )?(?:interview|conversation|call|meeting|discussion)s?",
        r"the way (?:I was|it was|things were|(?:the|my|our) \w+ (?:was|were)) "
        r"(?:handled|treated|run|conducted|managed)",
        r"(?:(?:the )?(?:way|manner) )?(?:I|we) (?:was|were) (?:treated|spoken to|addressed|"
        r"handled)",
        r"(?:people|person|everyone|those) (?:I|we) (?:met|spoke|talked|interviewed)",
        r"interactions?",
        r"(?:his|her|their) (?:tone|attitude|manner|approach|behaviou?r|questions?)",
        r"(?:tone|attitude|demeanou?r|behaviou?r|treatment)",
        r"(?:he|she|they) (?:was|were|seemed|came across)",
        r"talent (?:acquisition|partner|team)",
        r"follow-?ups?",
        r"(?:phone )?calls",
        r"messages",
        r"(?:I was|we were|I'd been|I had been) (?:told|promised|assured)",
        r"HR",
    ),
    judgement=_any(
        r"push\w*",
        r"aggressive\w*",
        r"rude\w*",
        r"dismissive\w*",
        r"condescend\w*",
        r"patroni[sz]\w*",
        r"disrespect\w*",
        r"unprofessional\w*",
        r"dishonest\w*",
        r"mislead\w*",
        r"misled",
        r"pressur\w*",
        r"rushed",
        r"hurried",
        r"interrupt\w*",
        r"talked over",
        r"cut me off",
        r"(?:arrived|showed up|joined|were|was|ran) (?:\w+ ){0,3}late",
        r"preoccupied",
        r"catch(?:ing)? me out",
        r"trip(?:ping)? me up",
        r"cross-?examin\w*",
        r"grill\w*",
        r"interrogat\w*",
        r"contradict\w*",
        r"(?:hadn't|had not|didn't|did not|never|hasn't|has not) (?:\w+ ){0,4}?(?:look(?:ed)? at|"
        r"read|review(?:ed)?|seen|opened) my (?:resume|cv|portfolio|application|work|materials)",
        r"no[- ]show",
        r"didn't (?:show|turn) up",
        r"unprepared",
        r"(?:not|wasn't|weren't) (?:very |particularly |really )?(?:prepared|engaged|interested|"
        r"attentive|friendly|welcoming|respectful|kind|courteous|professional|honest|transparent)",
        r"distracted",
        r"(?:on|checking) (?:his|her|their) (?:phones?|laptops?)",
        r"hostile",
        r"combative",
        r"arrogan\w*",
        r"abrupt\w*",
        r"curt",
        r"cold",
        r"inappropriate\w*",
        r"intimidat\w*",
        r"uncomfortable",
        r"(?:didn't|did not) (?:seem|appear) (?:interested|engaged|prepared)",
        r"(?:lack|lacked|lacking) (?:of )?"
        r"(?:respect|preparation|interest|courtesy|professionalism)",
        r"(?:didn't|did not|don't|do not) (?:click|connect|get along|gel)",
        r"(?:lack|absence) of (?:chemistry|rapport)",
        r"bait[- ]and[- ]switch",
    ),
    direct=_any(
        r"(?:didn't|did not|doesn't|does not) (?:seem|look|feel|appear) (?:entirely |fully |quite "
        r"|very )?(?:legitimate|legit|genuine|above board|trustworthy|honest)",
        r"scam\w*|sketchy|shady|fishy",
        r"(?:pushy|condescending|dismissive|unprofessional|disrespectful|rude|hostile|arrogant)",
        r"(?:felt|feel|was|were) (?:very |quite |a bit |a little |somewhat )?pressured",
        r"pressure(?:d)? (?:me|into)",
        r"high[- ]pressure",
        r"misled",
        r"bait[- ]and[- ]switch",
        r"(?:the |my )?(?:recruiter|interviewers?|hiring manager|panel|manager)\b[\w ,']{0,40}"
        r"\b(?:did not|didn't|never|failed to|forgot to|couldn't|could not) "
        r"(?:respond|reply|show|answer|listen|prepare|read|follow)",
    ),
)

PROCESS = Category(
    name="process",
    what="the hiring process",
    topic=_any(
        r"process\w*",
        r"timelines?",
        r"time[- ]?frames?",
        r"rounds?",
        r"stages?",
        r"steps?",
        r"(?:number|amount) of (?:interviews|calls|meetings|rounds)",
        r"interviews",
        r"take[- ]home\w*",
        r"assignments?",
        r"assessments?",
        r"tests?",
        r"exercises?",
        r"case stud(?:y|ies)",
        r"homework",
        r"(?:the|this|a|an) (?:[\w-]+ )?(?:project|task|challenge|presentation)",
        r"communicat\w*",
        r"updates?",
        r"feedback",
        r"respon(?:se|ses|d|ded|ding|siveness)",
        r"repl(?:y|ies|ied)",
        r"schedul(?:ing|ed)",
        r"reschedul\w*",
        r"hearing back",
        r"heard back",
        r"wait\w*",
        r"delays?",
        r"weeks",
        r"months",
        r"logistics",
        r"(?:this|the|your) (?:search|hiring)",
    ),
    judgement=_any(
        r"long",
        r"longer",
        r"lengthy",
        r"drawn[- ]out",
        r"protracted",
        r"slow\w*",
        r"(?:took|taken|taking|takes) (?:so |too |very |quite |rather )?(?:long|a while|ages|"
        r"(?:many|several|a few|three|four|five|six) (?:weeks|months))",
        r"(?:too |so )?many (?:rounds|interviews|steps|stages|hoops)",
        r"hoops",
        r"unpaid",
        r"without (?:pay|compensation)",
        r"free (?:work|labou?r|consulting)",
        r"(?:hours|days|weekend|evenings?) (?:of|on|spent)",
        r"delay\w*",
        r"no (?:response|reply|word|update|updates|feedback|news)",
        r"never (?:heard|got|received)",
        r"(?:radio )?silence",
        r"ghost\w*",
        r"unresponsive",
        r"(?:not|wasn't|weren't|isn't) (?:very |particularly |especially |always )?(?:responsive|"
        r"clear|organi[sz]ed|transparent|smooth|timely)",
        r"(?:more|better|clearer|quicker|faster|timelier|smoother) (?:responsive|communicat\w*|"
        r"organi[sz]ed|updates|process|response|feedback|timeline)",
        r"disorgani[sz]\w*",
        r"chaotic",
        r"confus\w*",
        r"cancel\w*",
        r"(?:repeatedly|several times|multiple times|twice|again|kept) (?:re)?schedul\w*",
        r"(?:re)?schedul\w* (?:\w+ ){0,2}(?:times|repeatedly|twice|again)",
        r"(?:larger|bigger|greater|more|significant|big|large) (?:time )?(?:investment|commitment)",
        r"full[- ]day",
        r"last[- ]minute",
        r"goal ?posts",
        r"out of the loop",
        r"little (?:communication|information|feedback|notice)",
        r"(?:lack|absence) of (?:communication|updates|feedback|information|clarity|structure)",
        r"exhaust\w*",
        r"tedious",
        r"onerous",
        r"excessive\w*",
        r"burdensome",
        r"time[- ]consuming",
        r"(?:demanding|intensive|intense|heavy|significant|substantial|considerable|large|big) "
        r"(?:time|commitment|investment|ask)",
        r"a (?:lot|great deal) of (?:time|work|effort|unpaid)",
        r"kept (?:me )?waiting",
        r"(?:still )?waiting (?:for|on)",
        r"(?:drag|dragged|dragging) on",
        r"waiting (?:\w+ ){0,2}(?:weeks|months|days)",
    ),
    direct=_any(
        r"unpaid (?:\w+ )?(?:work|test|task|project|assignment|take[- ]home|exercise|case study|"
        r"labou?r|trial|day|days)",
        r"without (?:any )?(?:pay|payment|compensation)",
        r"(?:repeated|multiple|several|constant|frequent|last[- ]minute) (?:cancel\w*|reschedul\w*|"
        r"postpon\w*|changes|delays)",
        r"(?:haven't|have not|hadn't|had not|didn't|did not) (?:yet )?(?:received|had|got|gotten|"
        r"heard) (?:any |an? )?(?:updates?|response|reply|feedback|news|word)",
        r"(?:work|labou?r|consulting) for free",
        r"radio silence",
        r"(?<!i )(?<!i've )(?<!to )(?:moved|rescheduled|postponed|pushed back|delayed|cancell?ed) "
        r"(?:\w+ ){0,2}?(?:twice|again|(?:two|three|four|five|several|multiple|many) times)",
        r"(?:sent|written|emailed|followed up|reached out)\b[\w ]{0,40}\bwithout (?:a |any )?"
        r"(?:reply|response|answer)",
        r"(?:haven't|have not|hadn't|had not) heard anything(?! but)",
        r"(?:complete|redo|repeat|do|take|sit) the same (?:\w+ ){0,2}(?:exercise|assignment|task|"
        r"test|challenge|interview|case study)",
        r"(?:was|were|got|been|being|felt) ghosted",
        r"(?:never|haven't|have not|hadn't|didn't) (?:heard|hear|received|get|got) "
        r"(?:back|a response|a reply|any (?:response|reply|update|feedback))",
        r"(?:too|so|very|overly|unnecessarily|excessively|rather|quite) "
        r"(?:long|lengthy|slow|drawn[- ]out|protracted)",
        # Counting rounds is a complaint from six on: "after 3 rounds" is just the history.
        r"(?:number of|so many|too many|(?:six|seven|eight|nine|ten|[6-9]|[1-9]\d) ?) "
        r"(?:rounds|interviews|stages)",
    ),
)

CULTURE = Category(
    name="culture",
    what="the culture or the team",
    topic=_any(
        r"cultur\w*",
        r"team\w*",
        r"environment",
        r"atmosphere",
        r"vibes?",
        r"workplace",
        r"office (?:culture|politics|dynamics)",
        r"the office",
        r"people",
        r"(?:colleagues|co-?workers|staff|employees|engineers|managers)",
        r"work[- ]life balance",
        r"balance",
        r"pace",
        r"dynamics?",
        r"management(?: style)?",
        r"leadership",
        r"morale",
        r"turnover",
        r"(?:the )?way (?:the team|people|you|they) (?:work|operate)",
        r"hierarch\w*",
        r"values",
    ),
    judgement=_any(
        r"toxic",
        r"clique\w*",
        r"(?:not|isn't|wasn't|wouldn't be) (?:a |the )?(?:good |great |right |strong )?"
        r"(?:culture )?fit",
        r"(?:didn't|did not|doesn't|does not|wouldn't|would not) (?:quite )?(?:fit|mesh|click|gel|"
        r"feel (?:like )?(?:home|a fit|welcoming))",
        r"(?:didn't|doesn't|did not|does not) (?:feel|seem) like (?:a|the) (?:good |great |right )?"
        r"fit",
        r"high turnover",
        r"burn(?:ed|t|ing)?[- ]?out",
        r"overwork\w*",
        r"stress(?:ed|ful)",
        r"intense",
        r"rigid\w*",
        r"bureaucra\w*",
        r"siloed",
        r"micro-?manag\w*",
        r"cut-?throat",
        r"hierarchical",
        r"unhappy",
        r"disengaged",
        r"tired",
        r"tense",
        r"(?:low|poor) morale",
        r"unwelcom\w*",
        r"(?:not|wasn't|weren't|isn't) (?:very |particularly )?(?:welcoming|friendly|inclusive|"
        r"collaborative|supportive|healthy|happy)",
        r"old[- ]fashioned",
        r"(?:long|late) (?:hours|nights)",
        r"frantic",
        r"hectic",
        r"chaotic",
        r"grind\w*",
        r"insular",
        r"political",
        r"cold",
        r"(?:more|less) (?:competitive|corporate|formal|hierarchical|political|rigid|structured|"
        r"traditional|intense|fast-paced|siloed|conservative) than",
        r"(?:isn't|not|wasn't) for me",
        r"high[- ]pressure|pressure[- ]cooker|pressured",
        r"(?:people|staff|members|engineers|colleagues) (?:have |had )?(?:left|quit|resigned|"
        r"leaving)",
        r"(?:left|leaving|quit|quitting) the team",
        r"(?:joyless|lifeless|sterile|soulless|gloomy|unfriendly|dreary|bleak)",
        r"(?:long|late) (?:weekends|evenings|days)",
        r"works? (?:weekends|evenings|late|nights)",
    ),
    direct=_any(
        r"toxic",
        r"(?:didn't|did not|don't|do not) feel (?:particularly |very |entirely |fully |all that )?"
        r"(?:welcome|welcomed|included|at home|part of)",
        r"(?:not|isn't|wasn't|wouldn't be|be) (?:a |the )?(?:good |great |right |strong )?"
        r"culture(?:al)? fit",
        r"(?:doesn't|does not|didn't|did not|isn't|wasn't|not|don't|wouldn't)\b[\w ']{0,25}\b"
        r"cultur\w* (?:fit|match)",
        r"(?:culture|cultural) (?:mismatch|misfit|clash|differences)",
        r"micro-?manag\w*",
        r"cut-?throat",
        r"high turnover",
        r"top-down",
        r"(?:flow|flows|come|comes|handed) (?:strictly |only |solely )?(?:down )?from the top",
        r"(?:limited|little|no|not much) (?:room|space|scope|opportunity) for (?:input|ideas|"
        r"feedback|autonomy|initiative|debate|dissent|discussion)",
        r"(?:isn't|is not|wasn't|not) how I (?:want|like|prefer|choose) to work",
        r"(?:low|poor) morale",
        r"(?:team|people|everyone|staff) (?:seemed|seem|looked|felt|appeared) (?:\w+ )?"
        r"(?:unhappy|stressed|tired|burn\w* out|overworked|disengaged|miserable|tense|exhausted)",
        r"work[- ]life balance (?:is|was|seems|seemed|would be|might be) "
        r"(?:\w+ )?(?:poor|lacking|difficult|hard|nonexistent|non-existent|a concern)",
    ),
)

JOB = Category(
    name="job",
    what="the job itself",
    broad=False,
    topic=_any(
        r"role",
        r"job",
        r"position",
        r"responsibilit\w*",
        r"duties",
        r"(?:the|this) work",
        r"scope",
        r"title",
        r"level",
        r"seniority",
        r"job description",
        r"(?:the )?description",
        r"tasks?",
        r"day[- ]to[- ]day",
        r"(?:the|this) opportunity",
        r"projects?",
        r"(?:the|this) (?:post|opening|vacancy)",
    ),
    judgement=_any(
        r"vague\w*",
        r"unclear",
        r"ill[- ]defined",
        r"(?:poorly|loosely|not well|not clearly) defined",
        r"undefined",
        r"boring",
        r"bored",
        r"dull",
        r"uninterest\w*",
        r"unexciting",
        r"uninspir\w*",
        r"tedious",
        r"repetitive",
        r"mundane",
        r"monoton\w*",
        r"(?:not|isn't|wasn't|less) (?:very |particularly |that |as |quite |especially |"
        r"sufficiently )?(?:interesting|exciting|challenging|engaging|stimulating|inspiring|"
        r"senior|compelling|meaningful|rewarding)",
        r"(?:don't|doesn't|didn't|do not|does not|did not) (?:\w+ )?(?:sound|seem|look|feel) "
        r"(?:very |particularly |that |as |especially |all that )?(?:interesting|exciting|"
        r"challenging|engaging|stimulating|inspiring|senior|compelling|meaningful|rewarding)",
        r"(?:step|steps|stepping|move|moving) (?:down|back|backwards?|sideways)",
        r"lateral",
        r"sideways",
        r"(?:more |too |very |rather )?junior",
        r"entry[- ]level",
        r"below (?:my|the level)",
        r"beneath",
        r"underutili[sz]\w*",
        r"(?:too|very|rather|quite) (?:narrow|limited|basic|easy|small|simple)",
        r"limited (?:growth|scope|responsibilit\w*|room|opportunit\w*|career|progression|autonomy)",
        r"no (?:room|real growth|growth|career path|progression|clear path|path)",
        r"dead[- ]end",
        r"(?:limited|little|no|few|not much|lack of) (?:room|scope|opportunit\w*|path|prospects?)"
        r" (?:for|to) (?:grow\w*|advance\w*|promotion|progress\w*|develop\w*|learn\w*)",
        r"not much (?:room|growth|scope|to learn|responsibility)",
        r"(?:different|differ\w*) from (?:the |what (?:was|you) )?"
        r"(?:description|advertised|described|posted|discussed|listed)",
        r"not what (?:was|you) (?:described|advertised|posted|discussed|listed)",
        r"misrepresent\w*",
        r"bait[- ]and[- ]switch",
        r"(?:didn't|did not|doesn't|does not) (?:match|reflect) (?:the )?(?:description|posting|"
        r"advert\w*|listing)",
        r"(?:a )?(?:downgrade|demotion|regression)",
        r"routine",
        r"maintenance",
        r"than (?:what )?I(?:'m| am) (?:after|looking for|hoping for|used to)",
        r"(?:mostly|largely|mainly|purely) (?:administrative|admin|clerical|maintenance)",
        r"(?:more|less|too) (?:senior|junior|narrow|narrowly|limited)",
        r"narrow\w*",
        r"(?:different|differ\w*) (?:from|than) (?:what )?I (?:had )?"
        r"(?:expected|imagined|envisioned|understood)",
        r"(?:smaller|less|lower|narrower) (?:in scope|scope|level|responsibilit\w*) than",
        r"(?:than|as) (?:I )?(?:had )?(?:expected|hoped|anticipated)",
    ),
    direct=_any(
        r"boring",
        r"(?:a |the )?step (?:down|backwards?)",
        r"stepping (?:down|back(?:wards)?)",
        r"(?:lateral|sideways|backwards?) (?:move|step)",
        r"dead[- ]end",
        r"(?:the |your )?job (?:description|posting|ad) (?:was|is|seemed|seems) (?:\w+ )?"
        r"(?:vague|unclear|confusing)",
        r"uninspiring",
        r"unchallenging",
        r"not (?:very |particularly |that |as |sufficiently )?challenging enough",
        r"(?:a )?(?:demotion|downgrade)",
        r"(?:looking for|want|need|hoping for|prefer) (?:something|a role|work|a position|a job) "
        r"(?:that|which) (?:stretches|challenges|grows|pushes|develops) me (?:\w+ ){0,2}more",
        r"(?:closer to|more like) an? (?:[\w-]+ ){0,3}(?:position|role|job) than",
        r"than (?:what was |the (?:[\w-]+ ){0,3})?(?:described|advertised|posted)\b",
        r"(?:different|differs?) from (?:what was |the (?:[\w-]+ ){0,3})?(?:described|advertised|"
        r"posted)",
        r"(?:not comfortable|uncomfortable) (?:going|stepping|moving) back",
    ),
)

SCHEDULE_LOCATION = Category(
    name="schedule-location",
    what="the schedule, the office or the location",
    broad=False,
    topic=_any(
        r"(?<!interview )(?<!your )schedules?(?!d)",
        r"hours",
        r"shifts?",
        r"on[- ]call",
        r"weekends?",
        r"overtime",
        r"commut\w*",
        r"office (?:policy|requirement|mandate|attendance|days|presence|schedule|location)",
        r"in[- ]office",
        r"(?:in|from|to) (?:the|an|your) office (?:full[- ]time|every day|daily|each day)",
        r"on[- ]?site",
        r"return[- ]to[- ]office",
        r"RTO",
        r"hybrid",
        r"remote\w*",
        r"work(?:ing)? from home",
        r"(?:\w+|\d)[- ]days? (?:a|per|each) week",
        r"(?:\w+|\d)[- ]day (?:week|office|in-office|attendance)",
        r"location\w*",
        r"relocat\w*",
        r"mov(?:e|ing) (?:to|cities|house|my family|across|abroad)",
        r"travel(?:l?ing)?",
        r"(?:early|late) (?:starts?|finish\w*|shifts?|mornings)",
        r"start (?:times?|hours)",
        r"travel (?:requirements?|schedule|commitments?|demands|expectations)",
        r"(?:amount|level) of travel",
        r"travel\w* (?:\d+|\w+) ?(?:%|percent)",
        r"time ?zones?",
        r"start date",
        r"(?:work|working|office) (?:setup|set-up|arrangement|pattern|model|policy)",
        r"set-?up",
        r"flexib\w*",
        r"the (?:office|commute|location|site)",
        r"on the road",
        r"uproot\w*",
        r"(?:daily )?journey",
        r"campus",
        r"(?:school )?(?:drop-?off|pick-?up|run)",
        r"\d{1,2}(?::\d\d)? ?(?:a\.m\.|am|p\.m\.|pm) (?:start|finish)",
    ),
    judgement=_any(
        r"(?:doesn't|does not|don't|do not|won't|will not|wouldn't|would not|didn't|did not|"
        r"isn't|is not|wasn't|was not|aren't|are not|weren't|were not|not) (?:really |quite |"
        r"realistically |very )?(?:work|suit|fit|"
        r"manageable|feasible|practical|realistic|sustainable|possible|doable|an option)",
        r"(?:not|un)(?: (?:able|willing|prepared|in a position))",
        r"unable",
        r"unwilling",
        r"(?:can't|cannot|couldn't|could not) (?:\w+ )?(?:commit|manage|make (?:it|that) work|"
        r"accommodate|relocate|commute|move|do|sustain|work)",
        r"infeasible",
        r"impractical",
        r"unsustainable",
        r"inflexib\w*",
        r"(?:lack|lacks|lacked|lacking|absence) (?:of )?(?:flexibility|remote|options)",
        r"no (?:flexibility|remote|hybrid|option)",
        r"rigid\w*",
        r"mandat\w*",
        r"requir\w*",
        r"(?:too|very|quite|rather|really) (?:long|far|much|demanding|early|late|heavy|frequent|"
        r"many|rigid)",
        r"far",
        r"(?:hour|hours|\d+[- ]minute|ninety[- ]minute)[- ](?:long|each way|commute|drive)",
        r"each way",
        r"exhaust\w*",
        r"(?:long|late|unpredictable|irregular|antisocial|unsocial) (?:hours|shifts|nights)",
        r"hoping for (?:more )?(?:remote|flexib\w*|hybrid)",
        r"(?:difficult|hard|tough|tricky|impossible) (?:to|for me|with)",
        r"fit (?:around|with) my",
        r"more than I (?:can|could|am able to|'m able to) \w+",
        r"deal[- ]?breaker",
        r"disappoint\w*",
        r"concern\w*",
        r"(?:wasn't|was not|isn't|is not) (?:clear|mentioned|disclosed)",
        r"(?:more|greater) (?:remote|flexib\w*)",
        r"(?:isn't|is not|not) something I can(?: do| manage| commit to)?",
        r"(?:wouldn't|would not|doesn't|does not|won't|will not) line up",
        r"eat(?:s|ing)? into",
        r"(?:difficult|hard|tough) to (?:sustain|manage|keep up)",
        r"keep (?:that|it|this) up",
        r"(?:longer|more|further|farther|earlier|later|heavier) [\w-]+ than I (?:can|could|am able "
        r"to|'m able to|want to)",
    ),
    direct=_any(
        r"(?:long|unpredictable|antisocial|unsocial) (?:hours|shifts)",
        r"(?:long|brutal|terrible|awful|exhausting) commutes?",
        r"(?:return|back)[- ]to[- ](?:the )?office (?:mandate|policy|requirement)",
        r"(?:five|5|four|4)[- ]days? (?:a|per) week in (?:the )?office",
        r"(?:not|un)(?:able|willing) to (?:relocate|commute|move|travel)",
        r"(?:can't|cannot|won't|couldn't) (?:relocate|commute|move)",
        r"lack of (?:remote|flexib\w*)",
        r"uproot\w*",
        r"(?:late|long) (?:evenings|nights)",
    ),
)

CATEGORIES: tuple[Category, ...] = (
    PAY,
    REVIEWS,
    MISSION,
    CONDUCT,
    PROCESS,
    CULTURE,
    JOB,
    SCHEDULE_LOCATION,
)
_COMPLAINT_ANYWHERE = _any(*_COMPLAINT)
_MILD_ANY = _any(*_MILD)

# The category an ask-flexibility letter may raise, by the constraint the user named.
FLEXIBLE_CATEGORY = {
    Flexibility.PAY: "pay",
    Flexibility.LOCATION: "schedule-location",
    Flexibility.REMOTE: "schedule-location",
    Flexibility.SCHEDULE: "schedule-location",
    Flexibility.START_DATE: "schedule-location",
    Flexibility.TITLE: "job",
}

# How a neutral question about a constraint is phrased.
_QUESTION = _any(
    r"(?:any|some|much) (?:flexibility|room|give|latitude|leeway)",
    r"(?:is|was|would|could|might) (?:there|it|that|this|we|you)",
    r"(?:wonder\w*|ask\w*|curious|enquir\w*|inquir\w*|open to (?:discussing|talking))",
    r"(?:possible|possibility|option|options|open to)",
    r"(?:discuss|explore|talk about|revisit|clarify)",
)
# A complaint stays a complaint inside a question ("is there any reason the pay is so low?").
_COMPLAINT_MARKERS = _any(
    r"low(?:er|est)?",
    r"below",
    r"under\w*",
    r"lowball\w*",
    r"(?:not|un)[- ]?competitive",
    r"disappoint\w*",
    r"frustrat\w*",
    r"unfair\w*",
    r"unreasonabl\w*",
    r"unacceptabl\w*",
    r"ridiculous",
    r"insult\w*",
    r"poor\w*",
    r"bad",
    r"worse",
    r"inadequate",
    r"insufficient",
    r"lack\w*",
    r"too",
    r"so",
    r"concern\w*",
    r"worr\w*",
    r"boring",
    r"vague",
    r"step (?:down|back)",
    r"junior",
    r"(?:long|brutal|terrible|awful|exhausting)",
    r"(?:rigid|inflexible)",
    r"unsustainabl\w*",
    r"exhaust\w*",
    r"compared",
    r"market",
    r"elsewhere",
)


# Cached, like `_categories`: the result depends on the sentence alone, and both the pattern
# and the learned checks ask about the same sentences, letter after letter.
@lru_cache(maxsize=1024)
def _is_neutral_question(sentence: str) -> bool:
    text = sentence.lower()
    asks = text.rstrip().endswith("?") or bool(_QUESTION.search(text))
    return asks and not _COMPLAINT_MARKERS.search(text)


# A negated predicate whose subject is the topic: "the recruiter wasn't very transparent",
# "the hours don't fit my life". Up to five words may sit between them, but no new subject:
# in "thanks for the role, but I won't continue" the "won't" belongs to "I", not the role.
_NEGATED_PREDICATE = _pattern(
    # An optional relative clause right after the topic: "the figure you proposed ...".
    r"^(?: (?:that |which |who )?(?:you|we|I|they|he|she)(?:'ve)? (?:[\w-]+ ){1,2}?)?"
    r"[\s,]*(?:(?!(?:but|so|and|or|because|although|though|while|as|since|when|whereas|if|"
    r"unless|I|I'm|I've|I'd|I'll|we|we're|you|you're|he|she|they|it|it's)\b)[\w'-]+[\s,]+){0,5}?"
    r"(?:isn't|wasn't|aren't|weren't|doesn't|don't|didn't|won't|wouldn't|can't|couldn't|"
    r"shouldn't|is not|was not|are not|were not|does not|do not|did not|will not|would not|"
    r"cannot|could not|(?:is|was|are|were|seems?|seemed|feels?|felt|sounds?|sounded|looks?|"
    r"looked) (?:\w+ )?(?:not|never|hardly|no longer|less)|never|hardly)\b",
    re.IGNORECASE,
)
# What a negation may say about the job without giving a reason (seeds 001, 003, 004).
_JOB_FIT = _pattern(
    r"\b(?:fit|match|looking for|align\w*|for me|direction|suited|candidate|right (?:time|move|"
    r"step|choice|opportunity|role|position)|want(?:ed)? to (?:pursue|take|go)|move forward|"
    r"proceed|continue|pursue|going to|able to|in a position|commit\w*|take on|right now|"
    r"at the moment|at (?:this|the) (?:time|stage|point)|currently|plans?|goals?|priorities|"
    r"interests)\b",
    re.IGNORECASE,
)
_OWN_JOB = _pattern(
    r"\b(?:my|our) (?:current |present |existing |own )?(?:role|job|position|post|"
    r"work|team|title|schedule|hours|office|commute|location)\b",
    re.IGNORECASE,
)
# A first-person doubt followed by a topic: "I'm not sure I believe in the product".
_HEDGE = _any(
    r"I(?:'m| am) not (?:sure|convinced|confident|comfortable|certain)",
    r"I (?:don't|do not|didn't|did not) (?:really |quite |fully |entirely )?"
    r"(?:feel|believe|think|see|trust)",
    r"I (?:can't|cannot|couldn't|could not) (?:see|get behind|stand behind|square|reconcile)",
    r"I(?:'d| would) struggle",
    r"I(?: wasn't| was not| am not|'m not) (?:entirely |fully |quite |really )?"
    r"(?:sold on|convinced (?:by|of|about)|sure about|comfortable with|happy with)",
    r"I(?:'m| am| was| felt) (?:a (?:little|bit) )?(?:uneasy|wary|uncomfortable|hesitant|unsure)",
    r"I (?:have|had) (?:some |a few |real )?(?:doubts|reservations|misgivings)",
    r"we (?:weren't|were not|couldn't|could not|haven't|have not|didn't|did not) (?:been )?"
    r"(?:able to )?(?:agree|align|get|reach|come|meet|find|bridge)",
)
# ...unless the doubt is about the candidate ("I don't think I'd be a good fit for the team").
_SELF_ASSESSMENT = _any(
    r"I(?:'d| would|'m| am)? (?:be )?(?:a |the )?(?:good |great |right |strong |best |ideal )?"
    r"(?:fit(?! in)|match|candidate|person)",
    r"I(?:'d| would| could| can)? (?:be able|give|offer|commit|do (?:it|the role|justice))",
    r"(?:right|best) (?:fit|match|candidate|time)",
    r"I (?:have|had) (?:the )?(?:time|capacity|bandwidth|experience|skills)",
)
_CLAUSE_END = _pattern(r"\b(?:but|however|although|though|yet)\b|[;:]", re.IGNORECASE)
_HEDGE_CATEGORIES = ("pay", "reviews", "mission", "conduct", "culture", "schedule-location")


# A reason given as the cause of the decision: "Given the salary range, I have decided to
# withdraw", "due to the length of the commute". The process is left out: "given your
# timeline, I wanted to tell you now" is a courtesy, not a complaint.
_BECAUSE = _pattern(
    # "given" as a cause, not the participle: "I have given the offer careful thought".
    r"\b(?:(?<!have )(?<!has )(?<!had )(?<!'ve )(?<!been )(?<!being )(?<!was )(?<!were )"
    r"(?<!having )given|because of|due to|in light of|owing to|on account of|as a result of|"
    r"with (?:the|your) \w+ in mind)\b"
)
_DECISION = _pattern(
    r"\b(?:withdraw\w*|declin\w*|step\w* (?:back|away|aside)|pull\w* out|bow\w* out|"
    r"(?:not|n't) (?:\w+ )?(?:continue|continuing|proceed\w*|pursue|pursuing|move forward|"
    r"moving forward|go ahead|accept\w*)|pass on|turn\w* down|decided|decision|must)\b"
)
# The candidate's own decision and what it acts on: "I am unable to accept the offer", "I
# will step back from consideration for the role", "I'm withdrawing from the process". The
# offer, role or process named as what is declined is not a topic of complaint, and the
# decision verb is not a judgement ("can't accept", "step back"). Words that would make the
# object itself a complaint ("a lower offer", "a junior role") end the object.
_OBJECT_WORD = (
    r"(?:(?!(?:low\w*|less|paid|underpaid|unpaid|better|higher|stronger|more|"
    r"bigger|reduced|demot\w*|part-time|temporary|given|due|as|because|but|and|so)\b)"
    r"[\w&.'-]+\s+)"
)
_OBJECT = (
    r"(?:(?:the|your|this|that|my|our|kind|generous|an?|any|further)\s+){0,3}"
    r"(?:" + _OBJECT_WORD + r"{0,4}?(?:role|position|post|job|vacancy|opening)|offers?|"
    r"(?:interview |hiring |recruitment |recruiting |selection |application )?process|"
    r"application|candidacy|opportunity|consideration|interviews?|search)"
)
_DECIDED = _pattern(
    r"\b(?:accept\w*|declin\w*|turn\w* down|refus\w*|withdraw\w*(?: from)?|"
    # "step back" the verb, not the noun ("a step back from my current role").
    r"(?<!a )(?<!big )(?<!real )(?<!major )(?:step|pull|bow|back)\w* (?:back|away|aside|out|down)"
    r"(?: (?:from|of))?|"
    r"pass(?:ing)? on|continu\w*(?: (?:with|in))?|proceed\w*(?: with)?|pursu\w*|"
    r"(?:mov|go)\w* (?:forward|ahead)(?: with)?|tak\w*|leav\w*|remov\w* (?:me|myself) from) "
    r"("  # what is declined: the one capturing group
    + _OBJECT
    # "consideration for the analyst role", "the offer for the data engineer position"
    + rf"(?:\s(?:for|in|with|at|of)\s{_OBJECT})?)\b"
)
# ...unless the next clause is about that object: in "I must decline the offer, as it falls
# short", "it" is the offer, and the offer stays a topic.
_REFERS_BACK = _pattern(
    r"^[\s,;-]*(?:(?:as|since|because|and|but|so|though)\s+)?(?:it|it's|its|they|they're|which)\b"
)


def _set_aside_decisions(text: str) -> str:
    def replace(decision: re.Match[str]) -> str:
        if _REFERS_BACK.match(text[decision.end() :]):
            return " " + decision.group(1)
        return " "

    return _DECIDED.compiled.sub(replace, text)


_BECAUSE_CATEGORIES = (
    "pay",
    "reviews",
    "mission",
    "conduct",
    "culture",
    "job",
    "schedule-location",
)


# A negation followed by a negative word is praise: "never felt rushed", "didn't miss a beat".
_DOUBLE_NEGATIVE = _pattern(
    r"^(?:\s+[\w']+){0,3}?\s+(?:rush\w*|miss\w*|problems?|issues?|disappoint\w*|hesitat\w*|"
    r"worr\w*|doubt\w*|troubl\w*|bad|wrong|fault\w*|complain\w*|concern\w*|stress\w*|"
    r"pressur\w*|bother\w*|hassle|fuss|burden\w*|chore|wast\w*|boring|dull|difficult|hard|"
    r"factor|reason|matter\w*|need to|have to|skip|drag\w*|let me down|fail\w*)\b"
)


def _negated_topic(category: Category, text: str) -> bool:
    for match in category.topic.finditer(text):
        rest = text[match.end() :]
        negation = _NEGATED_PREDICATE.match(rest)
        if negation is None or _DOUBLE_NEGATIVE.match(rest[negation.end() :]):
            continue
        if category is JOB and _JOB_FIT.search(rest[negation.end() : negation.end() + 60]):
            continue
        return True
    return False


def categories_in(sentence: str) -> list[str]:
    """The negative-reason categories a sentence falls into (empty when it is neutral)."""
    return list(_categories(sentence))


@lru_cache(maxsize=1024)
def _categories(sentence: str) -> tuple[str, ...]:
    # Cached: the private-reason check asks again about the same sentences.
    cleaned = _NEUTRAL.sub(" ", sentence.lower())
    undecided = _set_aside_decisions(cleaned)
    about_them = _OWN_JOB.sub(" ", undecided)
    hedge = _HEDGE.search(undecided)
    doubted = ""
    if hedge and not _SELF_ASSESSMENT.search(cleaned):
        doubted = _CLAUSE_END.split(undecided[hedge.end() :], maxsplit=1)[0]
    cause = _BECAUSE.search(about_them) if _DECISION.search(cleaned) else None
    because = _CLAUSE_END.split(about_them[cause.end() :], maxsplit=1)[0] if cause else ""
    because = re.split(r",| so | and i\b", because, maxsplit=1)[0]
    judged: dict[bool, bool] = {}  # the general judgements, looked for once per sentence

    def judged_generally(broad: bool) -> bool:
        if broad not in judged:
            judged[broad] = bool((_GENERIC if broad else _MILD_ANY).search(cleaned))
        return judged[broad]

    found = []
    for category in CATEGORIES:
        if category.direct.search(undecided):
            found.append(category.name)
            continue
        # Every other rule needs the category's topic, other than as what is declined.
        if not category.topic.search(undecided):
            continue
        if (
            category.judgement.search(undecided)
            or judged_generally(category.broad)
            or _negated_topic(category, about_them)
            or (doubted and category.name in _HEDGE_CATEGORIES and category.topic.search(doubted))
            or (because and category.name in _BECAUSE_CATEGORIES and category.topic.search(because))
        ):
            found.append(category.name)
    if not found and _COMPLAINT_ANYWHERE.search(cleaned):
        found.append("process")
    return tuple(found)


def _allowed_category(context: CheckContext | None) -> str | None:
    if context is None or context.scenario is not Scenario.ASK_FLEXIBILITY:
        return None
    flexibility = context.request.flexibility if context.request else None
    return FLEXIBLE_CATEGORY.get(flexibility) if flexibility else None


def asks_about_allowed_constraint(sentence: str, context: CheckContext | None) -> bool:
    """Whether the sentence is the one neutral question an ask-flexibility letter may ask."""
    allowed = _allowed_category(context)
    return (
        allowed is not None
        and allowed in categories_in(sentence)
        and _is_neutral_question(sentence)
    )


def _given_titles(context: CheckContext | None) -> tuple[str, ...]:
    """The names the user gave for the company and roles, longest first."""
    request = context.request if context else None
    if request is None:
        return ()
    titles = {t for t in (request.company, request.role, request.other_role) if t}
    return tuple(sorted(titles, key=len, reverse=True))


@lru_cache(maxsize=1024)  # three checks judge each sentence of a letter, with the same titles
def _judged_text(sentence: str, titles: tuple[str, ...]) -> str:
    # A title is the user's own name for the thing, not a remark about it: "Junior Data
    # Scientist" or "Night Shift Lead" says nothing negative about the role.
    for title in titles:
        sentence = re.sub(re.escape(title), "the position", sentence, flags=re.IGNORECASE)
    return sentence


def categories_in_letter(sentence: str, context: CheckContext | None) -> list[str]:
    """`categories_in`, with the user's own company and role titles read as plain names."""
    return categories_in(_judged_text(sentence, _given_titles(context)))


def check_negative_reasons(letter: Letter, context: CheckContext | None) -> list[Finding]:
    allowed = _allowed_category(context)
    titles = _given_titles(context)
    findings = []
    for sentence in letter.all_sentences:
        judged = _judged_text(sentence, titles)
        for name in categories_in(judged):
            if name == allowed and _is_neutral_question(judged):
                continue
            findings.append(_finding(name, sentence))
    return findings + _learned_findings(letter, allowed, titles)


def _learned_findings(
    letter: Letter, allowed: str | None, titles: tuple[str, ...] = ()
) -> list[Finding]:
    """Sentences the learned model (`reason_model`) reads as a negative reason that the
    patterns pass, or place in another category: paraphrases no pattern names. An
    ask-flexibility letter's neutral question stays allowed whatever the model calls it."""
    findings = []
    for sentence in letter.all_sentences:
        judged = _judged_text(sentence, titles)
        if allowed and _is_neutral_question(judged):
            continue
        reading = read_reason(judged)
        if reading.probability >= THRESHOLD and reading.label not in categories_in(judged):
            findings.append(_finding(reading.label, sentence, reading.words))
    return findings


def _finding(name: str, sentence: str, cues: tuple[str, ...] = ()) -> Finding:
    category = next(c for c in CATEGORIES if c.name == name)
    evidence = f" (words: {', '.join(cues)})" if cues else ""
    return Finding(
        check="negative-reason",
        severity="error",
        message=f"gives a negative reason ({name}): a remark about {category.what}{evidence}",
        advice="leave the reason out; a short civil letter is enough",
        excerpt=sentence,
    )
