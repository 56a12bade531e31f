# Every text Charter's messages are made of, in English. A translation is a folder beside
# this one (locales/<language>/notices.ftl) with the same message ids, each using the same
# variables (a test compares every folder with every other).
#
# Each kind of message has a -subject (one line, never personal: it shows in the outbox), a
# -body (paragraphs separated by blank lines) and an -action (the label of its link); a
# -why, where it has one, says instead of footer-why why the reader receives it.

greeting = Hello { $name },
signature = Charter, for the network's Membership Committee
footer-why = You receive this because of your part in an application to the network.
footer-stop = To stop receiving this kind of message, open: { $url }
footer-digest = To receive this kind of message in a daily digest instead, open: { $url }
link-intro = { $action }: { $url }

document-preliminary_report = preliminary report
document-feasibility_study = feasibility study
document-financial_projection = financial projection
document-future_plan = future plan
document-community_strategy = community strategy
document-space_design = space design

stage-applied = applied
stage-eligible = eligible
stage-pre_candidate = pre-candidate
stage-candidate = candidate
stage-approved = approved
stage-initiative = initiative
stage-rejected = rejected
stage-withdrawn = withdrawn

# The kinds of message, by name (a delivery that fails names its kind).
kind-panelist_assigned = panelist assigned
kind-document_awaits_review = document awaits review
kind-review_due_soon = review due soon
kind-review_overdue = review overdue
kind-eligibility_granted = eligibility granted
kind-revision_requested = revision requested
kind-revision_due_soon = revision due soon
kind-revision_overdue = revision overdue
kind-interview_scheduled = interview scheduled
kind-interview_moved = interview moved
kind-interview_cancelled = interview cancelled
kind-interview_soon = interview soon
kind-feedback_released = feedback released
kind-stage_reached = stage reached
kind-agreement_awaits_signature = agreement awaits signature
kind-application_rejected = application rejected
kind-appeal_received = appeal received
kind-appeal_decided = appeal decided
kind-vote_opened = vote opened
kind-vote_closing_soon = vote closing soon
kind-vote_closed = vote closed
kind-outcome_not_carried_out = outcome not carried out
kind-admission_refused = member hub not admitted
kind-stage_overdue = stage overdue
kind-delivery_failing = delivery failing
kind-daily_digest = daily digest
kind-invited = invitation to sign in
kind-sign_in_code = sign-in code
kind-webhook = { $event } webhook

# A moment ($when, $deadline, $due, ...): its day, month and year, and its time in UTC.
moment = { $weekday } { $day } { $month } { $year }, { $time } UTC
weekday-monday = Monday
weekday-tuesday = Tuesday
weekday-wednesday = Wednesday
weekday-thursday = Thursday
weekday-friday = Friday
weekday-saturday = Saturday
weekday-sunday = Sunday
month-january = January
month-february = February
month-march = March
month-april = April
month-may = May
month-june = June
month-july = July
month-august = August
month-september = September
month-october = October
month-november = November
month-december = December

# What a motion proposes ($motion), as the messages about a vote say it.
motion-advance = advance to { $stage }
motion-reject = reject
motion-appeal = grant the appeal

# A closed vote's count ($tally).
tally = { $yes } yes, { $no } no, { $abstain } abstain, { $did_not_vote } did not vote
tally-unknown = not known

# What a closed vote brought about ($carried_out).
carried_out-advanced = the application advanced to { $stage }
carried_out-rejected = the application was rejected
carried_out-appeal_granted = the appeal was granted; the application reopened in { $stage }
carried_out-appeal_dismissed = the appeal was dismissed
carried_out-nothing = nothing: the motion did not pass

panelist_assigned-subject = { $hub }: you are on its review panel
panelist_assigned-body =
    You have been assigned to the review panel of { $hub }'s application.

    You will be told when a document awaits your review. If you have a conflict of interest, please declare it before you review.
panelist_assigned-action = Open the application

document_awaits_review-subject = { $hub }: a { $document } awaits your review
document_awaits_review-body =
    Version { $version } of { $hub }'s { $document } has been submitted and awaits your review.
document_awaits_review-action = Open your review queue

eligibility_granted-subject = { $hub }: your application is eligible
eligibility_granted-body =
    Your application for { $hub } has been found eligible. You can now work towards the next gate of candidacy.
eligibility_granted-action = See what comes next

revision_requested-subject = { $hub }: a revision of your { $document } is requested
revision_requested-body =
    The network asks you to revise your { $document } by { $deadline }.

    The reason given: { $reason }
revision_requested-action = See the request

revision_overdue-subject = { $hub }: the revision of your { $document } is overdue
revision_overdue-body =
    The revision of your { $document } was due by { $deadline } and has not been submitted.
revision_overdue-action = See the request

interview_scheduled-subject = { $hub }: interview on { $when }
interview_scheduled-body =
    An interview with your founding team is scheduled for { $when }.

    Where: { $location }

    The calendar invitation attached adds it to your calendar.
interview_scheduled-action = See your application

interview_moved-subject = { $hub }: your interview moved to { $when }
interview_moved-body =
    Your interview has moved. It now takes place on { $when }.

    Where: { $location }

    The calendar invitation attached updates the one you received before.
interview_moved-action = See your application

interview_cancelled-subject = { $hub }: your interview is cancelled
interview_cancelled-body =
    Your interview has been cancelled. The secretariat will be in touch about what comes next.
interview_cancelled-action = See your application

feedback_released-subject = { $hub }: panel feedback on your { $document }
feedback_released-body =
    The review panel's feedback on version { $version } of your { $document } is ready for you to read.
feedback_released-action = Read the feedback

stage_reached-subject = { $hub }: your application is now { $stage }
stage_reached-body =
    Your application for { $hub } has reached the { $stage } stage.
stage_reached-action = See what comes next

agreement_awaits_signature-subject = { $hub }: the agreement awaits your signature
agreement_awaits_signature-body =
    The membership agreement for { $hub } awaits your signature. Once both the founders and the association have signed, { $hub } becomes an initiative and a co-owner of the network.
agreement_awaits_signature-action = See your application

application_rejected-subject = { $hub }: decision on your application
application_rejected-body =
    We are sorry to tell you that your application for { $hub } has been rejected.

    The reason given: { $reason }

    You may appeal this decision.
application_rejected-action = See your application

appeal_received-subject = { $hub }: your appeal is received
appeal_received-body =
    Your appeal has been received. The Membership Committee will vote on it, and you will be told of its decision.
appeal_received-action = See your application

appeal_decided-subject = { $hub }: your appeal is decided
appeal_decided-body =
    { $decision ->
        [granted] Your appeal has been granted. Your application is open again, in the { $stage } stage.
       *[dismissed] Your appeal has been dismissed. The decision to reject your application stands.
    }
appeal_decided-action = See your application

vote_opened-subject = { $hub }: a vote is open ({ $motion })
vote_opened-body =
    { $voters ->
        [network] The member hubs of the network vote, one hub one vote, on a motion to { $motion } for { $hub }. As a delegate you cast or change your hub's one ballot.
       *[other] The Membership Committee votes on a motion to { $motion } for { $hub }.
    }

    { $ballot ->
        [secret] The ballot is secret: while the vote is open the register shows how many have taken part, not who; once it closes, who took part; never who chose what.
       *[open] The ballot is open: the register shows each member's choice.
    }

    The vote closes on { $closes }.
vote_opened-action = Open the vote

vote_closed-subject = { $hub }: the vote to { $motion } has closed
vote_closed-body =
    The vote on the motion to { $motion } for { $hub } has closed: { $outcome ->
        [passed] the motion passed
        [no_quorum] too few { $voters ->
            [network] hubs
           *[other] members
        } took part, so it failed
       *[failed] the motion failed
    }.

    Count: { $tally }.

    What was carried out: { $carried_out }.
vote_closed-action = Open the vote's register

outcome_not_carried_out-subject = { $hub }: a vote's outcome could not be carried out
outcome_not_carried_out-body =
    The vote on the motion to { $motion } for { $hub } passed, but it could not be carried out.

    Why: { $reason }

    Once what is missing is in place, advance or reject the application citing the vote.
outcome_not_carried_out-action = Open the application

admission_refused-subject = { $hub }: the new co-owner could not be admitted as a member hub
admission_refused-body =
    { $hub } has become an initiative, but Charter could not admit it as a member hub of the network.

    Why: { $reason }

    Until it is a member, it has no vote in the network's votes. Put right what is wrong, then register it with the member hubs.
admission_refused-action = Open the application

delivery_failing-subject = A message could not be delivered
delivery_failing-body =
    A { $message_kind } message to a person could not be delivered after { $attempts ->
        [one] { $attempts } attempt
       *[other] { $attempts } attempts
    }.

    The last error: { $error }

    You can send it again from the list of deliveries once the cause is fixed.
delivery_failing-action = Open the deliveries

review_due_soon-subject = { $hub }: your review of the { $document } is due { $due }
review_due_soon-body =
    Your review of version { $version } of { $hub }'s { $document } is due by { $due }.
review_due_soon-action = Open your review queue

review_overdue-subject = { $hub }: your review of the { $document } is overdue
review_overdue-body =
    Your review of version { $version } of { $hub }'s { $document } was due by { $due } and has not been filed. If you cannot review it, please tell the secretariat.
review_overdue-action = Open your review queue

revision_due_soon-subject = { $hub }: the revision of your { $document } is due { $due }
revision_due_soon-body =
    The revision of your { $document } the network asked for is due by { $due }.
revision_due_soon-action = See the request

interview_soon-subject = { $hub }: your interview is on { $when }
interview_soon-body =
    A reminder: the interview with your founding team is on { $when }.

    Where: { $location }
interview_soon-action = See your application

vote_closing_soon-subject = { $hub }: the vote to { $motion } closes { $closes }
vote_closing_soon-body =
    The vote on the motion to { $motion } for { $hub } closes on { $closes }{ $ballot ->
        [secret] . The ballot is secret, so every member is reminded: if you have not voted yet, you can until then, and a ballot you cast can still be changed.
       *[open] , and you have not voted yet.
    }
vote_closing_soon-action = Open the vote

stage_overdue-subject = { $hub }: overdue in the { $stage } stage
stage_overdue-body =
    { $hub }'s application has been in the { $stage } stage since { $since }, longer than the policy's { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
stage_overdue-action = Open the application

invited-subject = You are invited to Charter
invited-body =
    You have been invited to Charter, where the network keeps the record of its admissions, as { $name }.

    To sign in, give this e-mail address on the sign-in page.
invited-action = Sign in
invited-why = You receive this because you were put on the network's roster with this address.

daily_digest-subject = Your daily digest from Charter: { $count ->
        [one] { $count } message
       *[other] { $count } messages
    }
daily_digest-body =
    Here is what happened since your last digest. You chose to receive these kinds of message once a day.

    { $items }
daily_digest-action = Change what you receive

sign_in_code-subject = Your code to sign in to Charter
sign_in_code-body =
    Someone, we hope you, asked to sign in to Charter with this address. Enter this code on the sign-in page: { $code }

    The code and the link below work once, for { $minutes } minutes. If you did not ask to sign in, ignore this message: nobody can sign in without the code.
sign_in_code-action = Sign in with this link

interview-summary = { $hub }: interview with the network

calendar-name = Charter: { $name }
calendar-interview = { $hub }: interview with the network
calendar-revision_due = { $hub }: revision of the { $document } due
calendar-review_due = { $hub }: review of the { $document } due
calendar-vote_closes = { $hub }: the vote to { $motion } closes
