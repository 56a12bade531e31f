# The expert panelists' pages, in English.

## An application on the panel
review-application-title = Application
review-application-caption = Application you review
review-documents = Documents
review-documents-none = No document has been submitted yet.
review-file-name = File
review-kilobytes = { $size } KB
review-submitted = Submitted
review-yours = Your review
review-start = Review this version
review-revise = Revise your review
review-number = Review { $number }
review-history = Your reviews
review-history-none = You have not reviewed this application's documents yet.
review-version-filed = Filed
review-version-revised = Revision { $revision }

## The review form
review-form-title = Review a document
review-revise-title = Revise your review
review-earlier = Earlier versions of this review
review-revise-intro = Give your review again in full. The earlier versions are kept.
review-scores = Scores
review-scores-hint = Score each criterion from 1 (weak) to 5 (strong).
criterion-team = Team
criterion-community = Community
criterion-feasibility = Feasibility
criterion-impact = Impact
review-recommendation-hint = What should happen to the application at this gate?
review-comments = Comments
review-comments-hint = What you read and why you recommend it. The secretariat may share your comments with the founders, without your name.
review-continue = Continue
review-score-missing = Choose a score for { $criterion }
review-score-invalid = Choose a score from 1 to 5 for { $criterion }
review-recommendation-missing = Choose a recommendation
review-comments-missing = Enter your comments

## Check your answers
review-check-title = Check your review before filing it
review-change = Change
review-file-note = Once filed, your review is part of the record. You can revise it later; the earlier version is kept.
review-revision-kept = Your revision replaces your review; the earlier version is kept.
review-file = File the review
review-file-revision = File the revision
review-filed = Your review has been filed.
review-revised = Your revision has been filed. The earlier version is kept.

## Conflict of interest
conflict-title = Declare a conflict of interest
conflict-intro = Declare a conflict if you have a personal, professional or financial tie to the founding team or their hub.
conflict-reason = Why you have a conflict of interest
conflict-reason-hint = The secretariat reads this.
conflict-reason-missing = Enter why you have a conflict of interest
conflict-check-title = Check your declaration
conflict-recuses = Declaring a conflict of interest recuses you from this application: you will no longer see it or review it. This cannot be undone.
conflict-declare = Declare the conflict and recuse me
conflict-declared = You have declared a conflict of interest and are recused from that application.
