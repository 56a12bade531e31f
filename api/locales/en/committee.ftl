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
vote-secret-seen = The register of a secret vote shows who is in the electorate, who cast a ballot or changed it and when, and who recused. It never shows anyone's choice or reason: not to the committee, not to the secretariat, not to the founders.
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
register-intro = Every vote of the committee, newest first.
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
audit-first-page = First page
audit-next-page = Next page
