# What a page says when the API refuses what was asked: one text for each rule or failure
# the API can answer with (`problem-<code>`), in plain words, saying what to do next. A test
# fails when a code lacks its text in a language, or a text names a value its rule does not
# carry.
#
# The values come by the names the API gives them. A name of the record (stage, from, to,
# kind, party, role, status) comes as the API writes it, for a selector, and in the reader's
# words as `<name>-word`; a moment or a day comes written in the reader's time zone.

## The application
problem-application-not-found = This application does not exist. Check the link, or go back to your start page.
problem-application-already-opened = This application has already been opened. Go to your start page to follow it.
problem-role-not-permitted = Your role does not allow this. If you think it should, contact the secretariat.
problem-not-your-application = You can act only on your own application.
problem-panelist-not-assigned = You are not on this application's panel, so you cannot do this. Contact the secretariat if you should be.
problem-panelist-recused = You declared a conflict of interest on this application, so you can no longer act on it.
problem-not-review-author = Only the panelist who filed review { $review } can revise it.
problem-invalid-input = { $problem ->
    [blank] Fill in the answer: it cannot be empty.
    [too-long] Shorten the answer to { $max } characters or fewer.
    [control-characters] Remove the special characters from the answer: they cannot be kept.
    [invisible-characters] Remove the invisible characters from the answer (zero-width spaces, direction marks): they can make one name look like another.
    [malformed] The answer is not in the right format. Check it and send it again.
    [out-of-range] Enter a number from { $min } to { $max }.
    [too-few] Give at least { $min } entries.
    [too-many] Give { $max } entries or fewer.
    [not-in-future] Choose a time that is still to come.
    [duplicate] Remove the entry that is given twice.
    [required] Fill in the answer: it is needed.
    [unknown-name] Choose one of the answers offered.
   *[other] The answer is not valid. Check it and send it again.
}
problem-application-closed = { $stage ->
    [withdrawn] The application has been withdrawn, so it takes no further changes.
    [rejected] The application has been rejected, so it takes no further changes unless an appeal reopens it.
    [initiative] The application has become an initiative, so it takes no further changes.
   *[other] The application is closed, so it takes no further changes.
}
problem-illegal-transition = The application cannot go from { $from-word } to { $to-word }. Reload the page to see where it stands now.
problem-gate-not-met = The application does not yet have everything it needs to become { $to-word }. The application's page lists what is missing.
problem-rejection-needs-vote = After the eligibility gate, only a vote of the Membership Committee can reject an application. Open a vote on its rejection instead.
problem-panelist-already-assigned = This person is already on the application's panel.
problem-conflict-already-declared = You have already declared a conflict of interest on this application.
problem-review-already-filed = You have already reviewed this version: review { $review } covers version { $version } of the { $kind-word }. Revise that review instead.
problem-duplicate-document = This file is the same as version { $version } of the { $kind-word }. A new version must differ from the last one: choose the changed file.
problem-unknown-document-version = Version { $version } of the { $kind-word } has not been submitted. Reload the page to see the versions there are.
problem-nothing-to-revise = No { $kind-word } has been submitted yet, so there is nothing to ask a new version of.
problem-review-not-found = Review { $review } does not exist. Reload the page to see the reviews there are.
problem-interview-not-found = Interview { $interview } does not exist. Reload the page to see the interviews there are.
problem-interview-not-scheduled = { $status ->
    [held] Interview { $interview } has already been recorded, so it cannot be changed.
    [cancelled] Interview { $interview } was cancelled, so it cannot be changed. Schedule a new one instead.
   *[other] Interview { $interview } is not scheduled, so it cannot be changed.
}
problem-interview-not-yet-held = Interview { $interview } is scheduled for later. Record it once it has taken place.
problem-interview-unchanged = Interview { $interview } is already set for that time and place. Change the time or the place, or leave it as it is.
problem-already-signed = { $party ->
    [founders] The founders have already signed the membership agreement.
   *[other] The association has already signed the membership agreement.
}
problem-not-ready-for-signature = The membership agreement can be signed only once the application is approved. It is now at the stage { $stage-word }.
problem-vote-about-another-application = The vote named is about another application. Choose a vote about this one.
problem-vote-decided-another-motion = The vote named decided another motion. Choose the vote that decided this one.
problem-vote-not-passed = The vote named did not pass, so it cannot decide this.
problem-not-rejected = Only a rejected application can be appealed, and this one is at the stage { $stage-word }.
problem-already-appealed = The rejection has already been appealed, and it can be appealed only once.
problem-no-pending-appeal = No appeal is waiting for a decision. Reload the page to see where the application stands.
problem-revision-request-not-found = Revision request { $request } does not exist. Reload the page to see the requests there are.
problem-revision-already-answered = Revision request { $request } has already been answered by version { $version }.
problem-deadline-not-passed = Revision request { $request } is due { $deadline }, so it is not overdue yet.
problem-feedback-already-released = Revision { $revision } of review { $review } has already been released to the founders.
problem-not-latest-revision = Review { $review } has been revised since you read it: revision { $latest } is the latest, not { $revision }. Read the latest before releasing it.

## People and roles
problem-person-not-found = This person is not on the roster. Check the link, or find them on the list of people.
problem-person-already-registered = This person is already on the roster.
problem-email-taken = The address { $email } already belongs to someone else on the roster. Use another address.
problem-already-seated = This person already sits on the committee, since { $since }.
problem-not-seated = This person does not sit on the committee.
problem-seats-overlap = A seat cannot start on { $since }: the previous seat ended on { $ended }. Choose a later day.
problem-seat-ends-before-it-begins = A seat cannot end on { $on }: it began on { $since }, and a seat lasts at least a day. Choose a later day.
problem-already-in-panel-pool = This person is already in the expert panel pool.
problem-not-in-panel-pool = This person is not in the expert panel pool.
problem-already-in-secretariat = This person is already a member of the secretariat.
problem-not-in-secretariat = This person is not a member of the secretariat.
problem-person-erased = This person's personal data has been erased. To work with them again, register them anew.
problem-already-erased = This person's personal data has already been erased.

## Member hubs
problem-hub-not-found = This hub is not a member of the network. Check the link, or find it on the list of member hubs.
problem-hub-already-admitted = This hub is already a member of the network.
problem-application-already-admitted = This application's hub has already been admitted to the network.
problem-hub-name-taken = { $name } is already the name of a member hub. Choose another name, or work with that hub.
problem-joined-in-future = A hub cannot have joined on { $joined }, a day still to come. Choose today or an earlier day.
problem-already-delegate = This person already represents the hub, since { $since }.
problem-delegate-of-another-hub = This person represents another member hub. A person represents one hub at a time: end that delegation first.
problem-not-delegate-of-hub = This person does not represent this hub.
problem-delegations-overlap = A delegation cannot start on { $since }: the person's previous delegation ended on { $ended }. Choose a later day.
problem-delegation-ends-before-it-begins = A delegation cannot end on { $on }: it began on { $since }, and a delegation lasts at least a day. Choose a later day.
problem-hub-already-suspended = This hub is already suspended.
problem-hub-not-suspended = This hub is not suspended, so there is nothing to reinstate.
problem-hub-has-left = This hub has left the network, so it takes no further changes.

## Votes
problem-vote-not-found = This vote does not exist. Check the link, or go back to the list of votes.
problem-vote-already-opened = This vote has already been opened.
problem-vote-already-open = Another vote about this application is open. Wait until it is closed, then open this one.
problem-no-electorate = { $electorate ->
    [network] No hub is a member in good standing today, so a network vote would have no electorate. Register the member hubs first.
   *[other] Nobody holds a committee seat today, so a vote would have no electorate. Seat members on the committee first.
}
problem-awaits-earlier-vote = The gate's votes are held in order: the { $electorate ->
    [network] network's
   *[other] committee's
} vote must pass first. Nothing was opened.
problem-gate-vote-already-passed = The { $electorate ->
    [network] network's
   *[other] committee's
} vote on this gate has already passed in this stage. Nothing was opened.
problem-not-a-delegate = Only a delegate of a member hub votes in a network vote, for their hub.
problem-hub-not-in-good-standing = The hub you represent is suspended or has left the network, so it has no vote. Nothing was recorded.
problem-motion-not-applicable = The motion does not fit the application as it stands now. Reload the page and choose another motion.
problem-not-in-electorate = You are not in this vote's electorate, so you cannot vote in it
problem-member-recused = You are recused from this vote and cannot vote in it
problem-already-recused = You have already recused yourself from this vote
problem-vote-closed = The vote is closed: nothing was recorded
problem-voting-time-over = The voting time ended { $closes_at }: nothing was recorded
problem-vote-not-yet-closable = The vote closes { $closes_at }. Only the secretariat can close it earlier.
problem-secret-vote-awaits-members = This secret vote cannot be closed before { $closes_at }: { $awaiting ->
    [one] one member has
   *[other] { $awaiting } members have
} neither voted nor recused. It closes by itself at that time; it can be closed earlier only once every member has voted or recused. Nothing was recorded.
problem-vote-key-missing = The secret ballot cannot be recorded or counted just now. Nothing was recorded: try again later, and tell the secretariat if it happens again.
problem-vote-key-mismatch = The secret ballots of this vote cannot be opened just now. Nothing was recorded: tell the secretariat.

## Requests, keys and messages
problem-idempotency-key-reused = This request was already sent once with other answers. Reload the page and send the form again.
problem-idempotency-key-in-flight = This request is still being dealt with. Wait a moment, then reload the page.
problem-idempotency-key-answer-lost = This request was carried out, but its answer was lost. Reload the page to see the result.
problem-cannot-switch-off = Some messages cannot be switched off, because they are needed to take part. The others have not been changed either: choose again.
problem-message-not-dead = Only a message that could not be delivered can be sent again, and this one was not given up on.
problem-webhook-already-disabled = This webhook is already switched off.
problem-webhook-already-enabled = This webhook is already switched on.
problem-token-already-revoked = This key has already been revoked.

## Failures of any request
problem-bad-request = Something in the request was not understood. Reload the page and try again.
problem-invalid-body = Something in the form was not understood. Reload the page and try again.
problem-unauthorized = You are not signed in, or your session has ended. Sign in again.
problem-forbidden = You may not do this. If you think you should, contact the secretariat.
problem-not-found = What you asked for does not exist. Check the link, or go back to your start page.
problem-method-not-allowed = This cannot be done from here. Go back to your start page.
problem-concurrent-write = Someone else changed this at the same moment. Reload the page and try again.
problem-payload-too-large = What you sent is too large. Send a smaller file.
problem-request-timeout = What you sent arrived too slowly, so it was not read and nothing was changed. Check your connection and send it again.
problem-unsupported-media-type = What was sent is not in a form Charter takes. Reload the page, choose again and send it.
problem-precondition-failed = This has changed since you opened the page. Reload the page to see it as it is now, then try again.
problem-unavailable = Charter is not available right now. Nothing was changed: try again in a few minutes.
problem-internal-error = Something went wrong, and nothing was changed. Try again; if it happens again, contact the secretariat.
