# The founders' pages, in English (the start page's texts are in pages.ftl).
continue = Continue
change = Change
back-to-application = Back to your application

## Documents
documents-title = Documents
documents-intro = Every version you have submitted stays on record. A new version does not replace the old one: reviewers name the version they read.
documents-revision-requested = A new version has been asked for:
documents-none-of-kind = You have not submitted this document yet.
documents-versions-of = Versions of the { $document }
documents-version = Version
documents-file = File
documents-submitted = Submitted
documents-size = { $size } KB
upload-heading = Submit a new version
upload-kind = Document
upload-kind-choose = Choose a document
upload-file = File
upload-file-hint = A PDF is best. Once submitted, a version cannot be changed or removed.
upload-send = Submit the document
upload-closed = Your application is closed, so it takes no new documents.
upload-kind-missing = Choose which document you are submitting
upload-file-missing = Choose the file to submit
upload-file-too-large = The file must be smaller than { $size } MB
upload-done = Your document has been submitted.

## Timeline
timeline-title = Timeline
timeline-intro = Everything that has happened to your application, oldest first.
timeline-none = Nothing has happened yet.
timeline-by = By { $name }
timeline-first = First events
timeline-later = Later events
timeline-other = Something else was recorded
timeline-ApplicationOpened = The application was opened
timeline-EligibilityGranted = The application was found eligible
timeline-DocumentSubmitted = A document was submitted
timeline-RevisionRequested = A new version of a document was asked for
timeline-RevisionRequestAnswered = A revision request was answered
timeline-RevisionRequestOverdue = A revision request passed its deadline
timeline-PanelistAssigned = An expert panelist was assigned
timeline-ConflictOfInterestDeclared = A panelist stepped aside
timeline-PanelReviewFiled = A review was filed
timeline-PanelReviewRevised = A review was revised
timeline-PanelFeedbackReleased = Panel feedback was released to you
timeline-InterviewScheduled = An interview was scheduled
timeline-InterviewRescheduled = An interview was moved
timeline-InterviewRecorded = An interview was held
timeline-InterviewCancelled = An interview was cancelled
timeline-StageAdvanced = The application moved to the next stage
timeline-ApplicationRejected = The application was rejected
timeline-ApplicationWithdrawn = The application was withdrawn
timeline-SignatureRecorded = The membership agreement was signed
timeline-AppealLodged = You appealed the rejection
timeline-AppealGranted = The appeal was granted
timeline-AppealDismissed = The appeal was dismissed
timeline-by-role = By { $name } ({ $role })
# A milestone from its facts (the general words above are for one recorded before they
# were kept, and for one that has none).
milestone-ApplicationOpened = The application for { $hub_name } in { $city } was opened
milestone-EligibilityGranted = The secretariat found the application eligible
milestone-DocumentSubmitted = { $kind-word } version { $version } submitted
milestone-RevisionRequested = A new version of the { $kind-word } was asked for, due { $deadline }
milestone-RevisionRequestAnswered = Revision request { $request } answered by { $kind-word } version { $version }
milestone-RevisionRequestOverdue = The revision request for the { $kind-word } passed its deadline, { $deadline }, unanswered
milestone-PanelReviewFiled = Review { $review } of { $kind-word } version { $version } filed, recommending: { $recommendation-word }
milestone-PanelReviewRevised = Review { $review } revised (revision { $revision }), recommending: { $recommendation-word }
milestone-PanelFeedbackReleased = Panel feedback on { $kind-word } version { $version } released to you
milestone-InterviewScheduled = Interview scheduled for { $scheduled_for }, at { $location }
milestone-InterviewRescheduled = Interview moved to { $scheduled_for }, at { $location }
milestone-InterviewRecorded = Interview held at the { $stage-word } stage
milestone-InterviewCancelled = Interview { $interview } cancelled
milestone-StageAdvanced = { $by_vote ->
    [true] The Membership Committee voted the application on to the { $to-word } stage
   *[other] The application moved on to the { $to-word } stage
}
milestone-ApplicationRejected = { $by_vote ->
    [true] The Membership Committee voted to reject the application at the { $stage-word } stage
   *[other] The application was rejected at the { $stage-word } stage
}
milestone-ApplicationWithdrawn = The application was withdrawn at the { $stage-word } stage
milestone-SignatureRecorded = { $party ->
    [founders] The founders signed the membership agreement
   *[other] The association signed the membership agreement
}
milestone-AppealGranted = The Membership Committee granted the appeal: the application reopened at the { $reopened_in-word } stage

## Calendar and actions on the start page
founders-actions = What you can do
founders-withdraw-link = Withdraw your application
founders-agreement-link = Sign the membership agreement
founders-appeal-link = See why your application was rejected, and appeal
calendar-link = Add your interviews to your calendar
calendar-hint = Subscribe to this private address in your calendar app. It keeps your interviews and deadlines up to date. Do not share it.

## Withdrawing
withdraw-title = Withdraw your application
withdraw-warning = Withdrawing cannot be undone. Your application will be closed for good, and to join the network you would have to apply again from the start.
withdraw-reason = Why are you withdrawing? (optional)
withdraw-reason-hint = The secretariat reads this. You do not have to give a reason.
withdraw-reason-too-long = The reason must be 4,000 characters or fewer
withdraw-closed = Your application is already closed, so it cannot be withdrawn.
withdraw-check-title = Check before you withdraw
withdraw-no-reason = No reason given
withdraw-confirm = Withdraw the application
withdraw-keep = Do not withdraw: go back to your application
withdraw-done = Your application has been withdrawn.

## The agreement
agreement-title = Sign the membership agreement
agreement-intro = Your application has been approved. Check the details, then sign the agreement on behalf of the founders.
agreement-signing-for = Signing for
agreement-warning = Your signature cannot be taken back. Once the association has signed too, your hub becomes an initiative and a co-owner of the network.
agreement-confirm = Sign the agreement
agreement-not-yet = The agreement can be signed once your application has been approved.
agreement-signed = The founders have signed the membership agreement.
agreement-done = You have signed the membership agreement.

## Rejection and appeal
appeal-title = Your application was rejected
appeal-reason-heading = The reason
appeal-reason-by-letter = The secretariat has written to you with the reason.
appeal-heading = Your appeal
appeal-pending = Waiting for the committee
appeal-granted = Granted
appeal-dismissed = Dismissed
appeal-intro = You can appeal the rejection once. The Membership Committee then votes on it; if the appeal is granted, your application reopens at the stage it was rejected in.
appeal-grounds = Why should the decision be reconsidered?
appeal-grounds-hint = Say what the committee did not know or did not weigh. Up to 4,000 characters.
appeal-grounds-missing = Enter the grounds of your appeal
appeal-grounds-too-long = The grounds must be 4,000 characters or fewer
appeal-check-title = Check your appeal
appeal-once = You can appeal only once, and an appeal cannot be changed once it is sent.
appeal-confirm = Send the appeal
appeal-done = Your appeal has been sent to the committee.
appeal-not-rejected = Your application has not been rejected, so there is nothing to appeal.
