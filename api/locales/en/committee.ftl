## Membership Committee: a vote
vote-title = Vote
audit-link = Audit log
vote-grounds = Grounds
vote-rule = Rule
vote-rule-quorum = Quorum: at least { $share } of the electorate must take part (yes, no or abstain).
vote-rule-more-than = The motion is carried when yes is more than { $share } of yes and no together.
vote-rule-at-least = The motion is carried when yes is at least { $share } of yes and no together.
vote-policy-version = policy { $version }
vote-electorate = Electorate
vote-electorate-count = { $count ->
    [one] One member, fixed when the vote opened
   *[other] { $count } members, fixed when the vote opened
}
vote-opened = Opened
vote-closed = Closed
vote-outcome = Outcome
vote-secret-heading = What a secret ballot means
vote-secret-seen = While a secret vote is open, its register shows who is in the electorate and how many have voted or recused, not who: you see only your own part. Once it closes, the register shows who cast a ballot or changed it and when, and who recused. It never shows anyone's choice or reason: not to the committee, not to the secretariat, not to the founders.
vote-secret-sealed = Your choice and your reason are sealed (encrypted) under a key that belongs to this vote alone. They are opened only when the vote closes, to be counted; only the tally is recorded, and the key is then destroyed. After that no one, Charter included, can find out what you chose.
vote-secret-operator = While the vote is open, its key is kept in Charter's database: whoever runs the database could open the sealed ballots until the vote closes.
vote-yours = Your ballot
vote-yours-recused = You declared a conflict of interest and are recused from this vote.
vote-yours-cast = { $count ->
    [one] You have cast a ballot.
   *[other] You have cast a ballot and changed it; { $count } ballots are recorded.
}
vote-yours-last = Last cast { $date }.
vote-yours-none = You have not voted yet.
vote-yours-outside = You are not in this vote's electorate: you were not seated on the committee when it opened.
ballot-legend = How do you vote on this motion?
ballot-change-legend = Change your ballot
ballot-hint-open = This is an open ballot: the committee and the secretariat see what you chose.
ballot-hint-secret = This is a secret ballot: your choice is sealed and counted only when the vote closes.
ballot-hint-change = You can change your ballot until the vote closes; only your latest ballot counts.
choice-yes = Yes
choice-no = No
choice-abstain = Abstain
ballot-reason = Reason (optional)
ballot-reason-hint-open = Shown beside your choice in the register.
ballot-reason-hint-secret = Sealed with your choice; never shown.
ballot-cast = Cast your ballot
ballot-choice-missing = Choose yes, no or abstain
ballot-recorded = Your ballot has been recorded.
recusal-link = Declare a conflict of interest
vote-tally = Tally
tally-electorate = Electorate
tally-recused = Recused
tally-did-not-vote = Did not vote
vote-participation = Who took part
vote-member = Member
vote-ballots-cast = Ballots cast
vote-last-cast = Last cast
vote-recused = Recused
vote-ballots = Ballots
vote-ballots-none = No ballot has been cast yet.
vote-revision = Ballot number
vote-cast-at = Cast
vote-choice = Choice
vote-recusals = Recusals
vote-recusals-none = No member has recused.
vote-participation-withheld = This secret vote is open: only how many have taken part is shown, not who. Who took part is shown once the vote closes.
participation-voted = Voted
participation-awaiting = Yet to vote
vote-recusals-withheld = Who recused is shown once the vote closes.

## Recusal
recusal-title = Declare a conflict of interest
recusal-intro = If you have an interest in this application, such as a personal, business or financial tie to its founders, declare it and you will be recused from this vote.
recusal-warning = Once recused you cannot vote in this vote, and the recusal cannot be undone. Your reason is shown in the register.
recusal-reason = Your reason
recusal-reason-hint = Say what ties you to the application.
recusal-reason-missing = Enter your reason for recusing
recusal-cancel = Cancel
recusal-check-title = Check your answers before recusing
recusal-confirm = Recuse me from this vote
recusal-recorded = You are recused from this vote.
committee-continue = Continue
committee-change = Change

## The vote register and your voting record
register-title = Vote register
register-intro = Every vote, the committee's and the network's, newest first.
register-none = No vote has been opened yet.
register-page = Votes, page { $number }
register-audit = Audit
register-pages = Pages of the register
register-previous = Newer votes
register-next = Older votes
record-title = Your voting record
record-pages = Pages of your voting record
record-none = You have not been in the electorate of any vote.
record-part = Your part
record-recused = Recused
record-not-voted = Did not vote
record-voted-secret = Voted ({ $ballot } ballot)

## Pipeline dashboard
dashboard-title = Pipeline dashboard
dashboard-as-of = As of { $date }.
dashboard-window = Stays that ended count from { $date }: the last five years.
dashboard-chart-ended = Median time in stage, stays that ended (days)
dashboard-chart-now = Median time in stage so far, applications there now (days)
dashboard-chart-rates = Pass rate: share of ended stays that passed the gate
dashboard-chart-stale = Stale applications: days in their stage
dashboard-chart-empty = Nothing to show yet.
dashboard-item = Item
dashboard-days = Days
dashboard-percent = { $rate }%
dashboard-stages = Figures per stage
dashboard-stage = Stage
dashboard-current = There now
dashboard-current-median = Median days so far
dashboard-current-p90 = 90th percentile, days so far
dashboard-completed = Stays ended
dashboard-completed-median = Median days
dashboard-completed-p90 = 90th percentile, days
dashboard-passed = Passed
dashboard-rejected = Rejected
dashboard-withdrawn = Withdrawn
dashboard-reopened = Reopened on appeal
dashboard-pass-rate = Pass rate
dashboard-stale = Applications past their time in stage
dashboard-stale-none = No application is past the policy's longest time in its stage.
dashboard-city = City
dashboard-max-days = Longest allowed, days
dashboard-exports = Exports
dashboard-export-pipeline = Download the pipeline (CSV)
dashboard-export-votes = Download the vote register (CSV)

## Audit log
audit-title = Audit log
audit-verify-heading = Is the record intact?
audit-intact = Intact
audit-intact-body = The hash chains of this application's record, its own and its votes', were recomputed just now and hold: { $events } events checked.
audit-streams = { $streams } records checked.
audit-broken = Broken
audit-broken-body = The record has been changed outside Charter. The first broken link:
audit-stream = Record
audit-sequence = Event number
audit-problem = What is wrong
audit-problem-altered = The event was changed after it was recorded
audit-problem-missing = An event before it is missing
audit-problem-head = The record's last event is missing or differs
audit-verify-unavailable = The record could not be verified just now. Try again later.
audit-log = Events
audit-log-intro = Everything recorded about this application and the votes about it, oldest first. Secret ballots stay sealed.
audit-log-none = Nothing more has been recorded.
audit-position = Position
audit-when = When
audit-event = Event
audit-actor = By
audit-fields = Fields
audit-sequence-number = event { $sequence }
audit-request = request { $id }
audit-show-fields = Show the fields
audit-withheld = Withheld until the secret vote closes
audit-first-page = First page
audit-next-page = Next page

## A network vote: the member hubs vote, one ballot each, cast by their delegates
vote-electorate-hubs = { $count ->
    [one] One member hub, fixed when the vote opened
   *[other] { $count } member hubs, fixed when the vote opened; one hub, one vote
}
vote-secret-seen-hub = While a secret vote is open, its register shows which hubs are in the electorate and how many have voted or recused, not which: a delegate sees only their own hub's part. Once it closes, the register shows which hubs cast a ballot or changed it, when and through which delegate, and which recused. It never shows any hub's choice or reason.
vote-secret-sealed-hub = A hub's choice and reason are sealed (encrypted) under a key that belongs to this vote alone. They are opened only when the vote closes, to be counted; only the tally is recorded, and the key is then destroyed. After that no one, Charter included, can find out what a hub chose.
vote-yours-hub = Your hub's ballot
vote-yours-recused-hub = Your hub declared a conflict of interest and is recused from this vote.
vote-yours-cast-hub = { $count ->
    [one] Your hub has cast its ballot.
   *[other] Your hub has cast its ballot and changed it; { $count } ballots are recorded.
}
vote-by = By { $name }.
vote-yours-none-hub = Your hub has not voted yet.
vote-network-heading = Who votes
vote-yours-outside-hub = In a network vote the member hubs vote, one ballot each, cast by their delegates.
vote-hub-without-vote = Your hub is suspended or has left the network, so it has no vote. A suspended hub votes again once the secretariat reinstates it.
ballot-legend-hub = How does your hub vote on this motion?
ballot-change-legend-hub = Change your hub's ballot
ballot-hint-open-hub = This is an open ballot: the committee, the secretariat and the delegates of the member hubs see what your hub chose, and which delegate cast it.
ballot-hint-secret-hub = This is a secret ballot: your hub's choice is sealed and counted only when the vote closes.
ballot-hint-change-hub = Any delegate of your hub can change its ballot until the vote closes; only the latest counts.
ballot-cast-hub = Cast your hub's ballot
ballot-recorded-hub = Your hub's ballot has been recorded.
recusal-link-hub = Declare your hub's conflict of interest
vote-participation-withheld-hub = This secret vote is open: only how many hubs have taken part is shown, not which (your own hub's part aside). Which took part is shown once the vote closes.
vote-hubs = Member hubs
vote-hub = Hub
vote-delegate = Delegate
vote-withheld = Withheld
vote-ballots-withheld-hub = Which hubs have voted is shown once the vote closes.
vote-recusals-none-hub = No hub has recused.
recusal-intro-hub = If your hub has an interest in this application, such as a personal, business or financial tie to its founders, declare it and your hub will be recused from this vote.
recusal-warning-hub = Once recused your hub cannot vote in this vote, through you or any other of its delegates, and the recusal cannot be undone. Your reason is shown in the register.
recusal-reason-hint-hub = Say what ties your hub to the application.
recusal-confirm-hub = Recuse my hub from this vote
recusal-recorded-hub = Your hub is recused from this vote.
dashboard-open-votes = Open votes
dashboard-hubs = Participation of the member hubs
dashboard-hubs-intro = How each member hub took part in the network's closed votes it was in the electorate of.
dashboard-hubs-none = No member hub is registered yet.
dashboard-hub-votes = Network votes
dashboard-turnout = Took part
