# Charter's web pages, in English. Every text the pages show comes from here; a test fails
# when an id is missing in another language.

site-name = Charter
skip-to-content = Skip to main content
nav-label = Main
sign-out = Sign out
switch-role = Switch role
footer-api = API for integrators
back-home = Go to your start page
request-id = If you report this, quote the request id { $id }.
error-prefix = Error
error-summary-title = There is a problem

moment = { $date }, { $time } ({ $zone })
date = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Roles and navigation
role-applicant = Founder
role-panelist = Expert panelist
role-committee = Committee member
role-secretariat = Secretariat
role-system = Charter
role-founder-of = Founder of { $hub }
role-delegate = Delegate of a member hub
role-delegate-of = Delegate of { $hub }
nav-application = Your application
nav-documents = Documents
nav-timeline = Timeline
nav-account = Your account
nav-reviews = Reviews
nav-votes = Votes
nav-register = Vote register
nav-dashboard = Pipeline dashboard
nav-pipeline = Pipeline
nav-people = People
nav-hubs = Member hubs
nav-deliveries = Messages

## Errors
not-found-heading = Page not found
not-found-body = If you typed the web address, check it is correct. If you followed a link, it may be out of date.
forbidden-heading = You cannot see this page
forbidden-body = Your role does not give you access to it. If you think it should, contact the secretariat.
unavailable-heading = Sorry, Charter is not available right now
unavailable-body = Nothing was changed. Try again in a few minutes.
failed-heading = Sorry, something went wrong
failed-body = Nothing was changed. Try again; if it happens again, contact the secretariat.
timeout-heading = Sorry, that took too long
timeout-body = Charter could not answer in time. What you sent may or may not have been saved: look before you send it again.
slow-upload-heading = What you sent arrived too slowly
slow-upload-body = Nothing was changed. Check your connection, then send it again, or send a smaller file.
expired-form-heading = This form has expired
expired-form-body = The form was sent from a page that is no longer valid, or from another site, so nothing was done. Go back, reload the page and send it again.
cross-site-refused = This form was sent from another site, so it was refused. Open the page on this site and send it again.

## Welcome and sign-in
welcome-title = Charter
welcome-lead = The way a founding team becomes a co-owner of the network of hubs.
welcome-body = Founders follow their application here, expert panelists review it, the Membership Committee votes, and the secretariat keeps it all moving. Sign in with the e-mail address the network knows you by.
sign-in-title = Sign in
sign-in-intro = We will e-mail you a code to sign in. You do not need a password.
sign-in-address = E-mail address
sign-in-address-hint = The address the network knows you by.
sign-in-address-missing = Enter your e-mail address
sign-in-address-invalid = Enter an e-mail address in the right format, like name@example.org
sign-in-limited = Too many codes have been asked for. Wait an hour, then try again.
sign-in-send = Send me a code
sign-in-code-title = Check your e-mail
sign-in-code-sent = If { $address } belongs to someone in the network, we have sent a code to it.
sign-in-code-expiry = The code works once, for 15 minutes. You can also open the link in the e-mail.
sign-in-code = Code
sign-in-code-missing = Enter the code from the e-mail
sign-in-code-wrong = The code is not right. Check the e-mail and enter it again
sign-in-code-spent = The code has expired or has been used. Ask for a new one
sign-in-continue = Continue
sign-in-again = Ask for a new code
sign-in-link-title = Sign in to Charter
sign-in-link-intro = You opened the link from your sign-in e-mail. Confirm to sign in on this device.
sign-in-link-confirm = Sign in
sign-in-link-spent = This link has expired or has been used. Ask for a new code
sign-in-role-title = How do you want to use Charter?
sign-in-role-missing = Choose how you want to use Charter
sign-in-no-role-heading = You have no role in Charter now
sign-in-no-role-body = Your address is known, but you hold no role in the network at the moment. Contact the secretariat if you think you should.
sign-in-done = You are signed in.
signed-out-title = You have signed out
signed-out-body = Your session has ended on this device. Close the browser window if others use this computer.

## Words of the record
stage = Stage
stage-since = In this stage since
stage-applied = Applied
stage-eligible = Eligible
stage-pre_candidate = Pre-candidate
stage-candidate = Candidate
stage-approved = Approved
stage-initiative = Initiative
stage-rejected = Rejected
stage-withdrawn = Withdrawn
document = Document
document-preliminary_report = Preliminary report
document-feasibility_study = Feasibility study
document-financial_projection = Financial projection
document-future_plan = Future plan
document-community_strategy = Community strategy
document-space_design = Space design
version = version { $version }
recommendation = Recommendation
recommendation-advance = Advance
recommendation-revise = Revise
recommendation-reject = Reject
party-founders = the founders
party-association = the association
hub = Hub
place = Place
due = Due
due-on = Due { $date }
overdue = Overdue
next-deadline = Next deadline
motion = Motion
motion-advance = Advance to { $stage }
motion-reject = Reject the application
motion-appeal = Grant the appeal
ballot = Ballot
ballot-open = Open
ballot-secret = Secret
closes = Closes
outcome-passed = Passed
outcome-failed = Not passed
outcome-no_quorum = No quorum
outcome-cancelled = Cancelled

## Founders
founders-title = Your application
founders-caption = Your application
next-gate = To become { $stage }
check-met = Done
check-missing = Not done
check-document = Submit the { $document }
check-reviews = { $need ->
    [one] One expert review of the { $document } recommending to advance
   *[other] { $need } expert reviews of the { $document } recommending to advance
}
check-interview = An interview with the network
check-vote = { $electorate ->
    [network] A vote of the member hubs
   *[other] A vote of the Membership Committee
}
check-revision_answered = A new version of the { $document }, answering the revision request
check-signature = The membership agreement, signed by { $party }
revision-requests = Revision requests
revision-requests-none = There are no open revision requests.
interviews = Interviews
interviews-none = No interview has been scheduled.
interview-when = When
interview-where = Where
interview-status = Status
interview-scheduled = Scheduled
interview-held = Held
interview-cancelled = Cancelled
feedback = Panel feedback
feedback-none = No panel feedback has been released to you yet.
votes = Committee votes
votes-none = The committee has not voted on your application.
vote-open = Under way
vote-closes-on = Closes { $date }
vote-closed-on = Decided { $date }

## Panelists
panelists-title = Your reviews
queue-awaiting = Waiting for your review
queue-empty = Nothing is waiting for your review.
queue-reviewed = Reviewed
queue-reviewed-none = You have not reviewed anything yet.

## Committee
committee-title = Open votes
votes-open-none = No vote is open.

## Secretariat
secretariat-title = Pipeline

## Who votes: the committee, or the member hubs (one hub one vote)
voters = Voters
voters-committee = Committee
voters-network = Member hubs
vote-of-committee = the committee votes
vote-of-network = the member hubs vote
hub-standing = Standing
hub-standing-member = Member in good standing
hub-standing-suspended = Suspended
hub-standing-left = Left the network
hub-delegates = Delegates
hub-delegates-none = No delegate
hub-delegate-since = since { $date }
