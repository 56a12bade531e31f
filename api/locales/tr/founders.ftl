# Kurucuların sayfaları, Türkçe (başlangıç sayfasının metinleri pages.ftl dosyasındadır).
continue = Devam edin
change = Değiştirin
back-to-application = Başvurunuza dönün

## Belgeler
documents-title = Belgeler
documents-intro = Gönderdiğiniz her sürüm kayıtta kalır. Yeni bir sürüm eskisinin yerini almaz: değerlendiriciler okudukları sürümü belirtir.
documents-revision-requested = Yeni bir sürüm istenmiştir:
documents-none-of-kind = Bu belgeyi henüz göndermediniz.
documents-versions-of = { $document } sürümleri
documents-version = Sürüm
documents-file = Dosya
documents-submitted = Gönderildi
documents-size = { $size } KB
upload-heading = Yeni bir sürüm gönderin
upload-kind = Belge
upload-kind-choose = Bir belge seçiniz
upload-file = Dosya
upload-file-hint = En iyisi PDF'tir. Gönderilen bir sürüm değiştirilemez ve silinemez.
upload-send = Belgeyi gönderin
upload-closed = Başvurunuz kapanmıştır; yeni belge kabul edilmez.
upload-kind-missing = Hangi belgeyi gönderdiğinizi seçiniz
upload-file-missing = Gönderilecek dosyayı seçiniz
upload-file-too-large = Dosya { $size } MB'tan küçük olmalıdır
upload-done = Belgeniz gönderilmiştir.

## Zaman çizelgesi
timeline-title = Zaman çizelgesi
timeline-intro = Başvurunuzda olan her şey, en eskisi önce.
timeline-none = Henüz bir şey olmamıştır.
timeline-by = { $name } tarafından
timeline-first = İlk olaylar
timeline-later = Sonraki olaylar
timeline-other = Başka bir kayıt yapılmıştır
timeline-ApplicationOpened = Başvuru açıldı
timeline-EligibilityGranted = Başvuru uygun bulundu
timeline-DocumentSubmitted = Bir belge gönderildi
timeline-RevisionRequested = Bir belgenin yeni sürümü istendi
timeline-RevisionRequestAnswered = Bir düzeltme isteği yanıtlandı
timeline-RevisionRequestOverdue = Bir düzeltme isteğinin süresi geçti
timeline-PanelistAssigned = Bir uzman değerlendirici atandı
timeline-ConflictOfInterestDeclared = Bir değerlendirici çekildi
timeline-PanelReviewFiled = Bir değerlendirme yapıldı
timeline-PanelReviewRevised = Bir değerlendirme düzeltildi
timeline-PanelFeedbackReleased = Panelin görüşleri size iletildi
timeline-InterviewScheduled = Bir görüşme planlandı
timeline-InterviewRescheduled = Bir görüşmenin zamanı değişti
timeline-InterviewRecorded = Bir görüşme yapıldı
timeline-InterviewCancelled = Bir görüşme iptal edildi
timeline-StageAdvanced = Başvuru bir sonraki aşamaya geçti
timeline-ApplicationRejected = Başvuru reddedildi
timeline-ApplicationWithdrawn = Başvuru geri çekildi
timeline-SignatureRecorded = Üyelik sözleşmesi imzalandı
timeline-AppealLodged = Ret kararına itiraz ettiniz
timeline-AppealGranted = İtiraz kabul edildi
timeline-AppealDismissed = İtiraz reddedildi
timeline-by-role = { $name } ({ $role }) tarafından
# Olgularından bir kilometre taşı (yukarıdaki genel sözcükler, olgular saklanmadan önce
# kaydedilmiş ya da olgusu olmayan bir kilometre taşı içindir).
milestone-ApplicationOpened = { $city } kentindeki { $hub_name } için başvuru açıldı
milestone-EligibilityGranted = Sekreterya başvuruyu uygun buldu
milestone-DocumentSubmitted = { $kind-word } belgesinin { $version }. sürümü gönderildi
milestone-RevisionRequested = { $kind-word } belgesinin yeni bir sürümü istendi; son tarih: { $deadline }
milestone-RevisionRequestAnswered = { $request } numaralı düzeltme isteği, { $kind-word } belgesinin { $version }. sürümüyle yanıtlandı
milestone-RevisionRequestOverdue = { $kind-word } için düzeltme isteği yanıtlanmadan son tarihini ({ $deadline }) geçti
milestone-PanelReviewFiled = { $kind-word } belgesinin { $version }. sürümüne ilişkin { $review } numaralı değerlendirme yapıldı; öneri: { $recommendation-word }
milestone-PanelReviewRevised = { $review } numaralı değerlendirme düzeltildi ({ $revision }. düzeltme); öneri: { $recommendation-word }
milestone-PanelFeedbackReleased = { $kind-word } belgesinin { $version }. sürümüne ilişkin panel görüşleri size iletildi
milestone-InterviewScheduled = Görüşme planlandı: { $scheduled_for }, { $location }
milestone-InterviewRescheduled = Görüşmenin zamanı değişti: { $scheduled_for }, { $location }
milestone-InterviewRecorded = “{ $stage-word }” aşamasında görüşme yapıldı
milestone-InterviewCancelled = { $interview } numaralı görüşme iptal edildi
milestone-StageAdvanced = { $by_vote ->
    [true] Üyelik Komitesi'nin oylamasıyla başvuru “{ $to-word }” aşamasına geçti
   *[other] Başvuru “{ $to-word }” aşamasına geçti
}
milestone-ApplicationRejected = { $by_vote ->
    [true] Üyelik Komitesi'nin oylamasıyla başvuru “{ $stage-word }” aşamasında reddedildi
   *[other] Başvuru “{ $stage-word }” aşamasında reddedildi
}
milestone-ApplicationWithdrawn = Başvuru “{ $stage-word }” aşamasında geri çekildi
milestone-SignatureRecorded = { $party ->
    [founders] Kurucular üyelik sözleşmesini imzaladı
   *[other] Dernek üyelik sözleşmesini imzaladı
}
milestone-AppealGranted = Üyelik Komitesi itirazı kabul etti: başvuru “{ $reopened_in-word }” aşamasında yeniden açıldı

## Başlangıç sayfasında takvim ve işlemler
founders-actions = Yapabilecekleriniz
founders-withdraw-link = Başvurunuzu geri çekin
founders-agreement-link = Üyelik sözleşmesini imzalayın
founders-appeal-link = Başvurunuzun neden reddedildiğini görün ve itiraz edin
calendar-link = Görüşmelerinizi takviminize ekleyin
calendar-hint = Bu özel adrese takvim uygulamanızdan abone olunuz. Görüşmelerinizi ve son tarihlerinizi güncel tutar. Kimseyle paylaşmayınız.

## Geri çekme
withdraw-title = Başvurunuzu geri çekin
withdraw-warning = Geri çekme işlemi geri alınamaz. Başvurunuz kalıcı olarak kapanır; ağa katılmak için baştan yeniden başvurmanız gerekir.
withdraw-reason = Neden geri çekiyorsunuz? (isteğe bağlı)
withdraw-reason-hint = Bunu sekreterya okur. Bir neden belirtmek zorunda değilsiniz.
withdraw-reason-too-long = Neden en fazla 4.000 karakter olmalıdır
withdraw-closed = Başvurunuz zaten kapanmıştır; geri çekilemez.
withdraw-check-title = Geri çekmeden önce kontrol ediniz
withdraw-no-reason = Neden belirtilmedi
withdraw-confirm = Başvuruyu geri çekin
withdraw-keep = Geri çekmeyin: başvurunuza dönün
withdraw-done = Başvurunuz geri çekilmiştir.

## Sözleşme
agreement-title = Üyelik sözleşmesini imzalayın
agreement-intro = Başvurunuz onaylanmıştır. Bilgileri kontrol ediniz, ardından sözleşmeyi kurucular adına imzalayınız.
agreement-signing-for = Kimin adına
agreement-warning = İmzanız geri alınamaz. Dernek de imzaladığında merkeziniz bir girişim ve ağın ortak sahiplerinden biri olur.
agreement-confirm = Sözleşmeyi imzalayın
agreement-not-yet = Sözleşme, başvurunuz onaylandıktan sonra imzalanabilir.
agreement-signed = Kurucular üyelik sözleşmesini imzalamıştır.
agreement-done = Üyelik sözleşmesini imzaladınız.

## Ret ve itiraz
appeal-title = Başvurunuz reddedildi
appeal-reason-heading = Gerekçe
appeal-reason-by-letter = Sekreterya gerekçeyi size yazılı olarak bildirmiştir.
appeal-heading = İtirazınız
appeal-pending = Kurulun kararı bekleniyor
appeal-granted = Kabul edildi
appeal-dismissed = Reddedildi
appeal-intro = Ret kararına bir kez itiraz edebilirsiniz. Ardından Üyelik Kurulu oylama yapar; itiraz kabul edilirse başvurunuz reddedildiği aşamada yeniden açılır.
appeal-grounds = Karar neden yeniden değerlendirilmelidir?
appeal-grounds-hint = Kurulun bilmediği ya da göz önüne almadığı hususları belirtiniz. En fazla 4.000 karakter.
appeal-grounds-missing = İtirazınızın gerekçesini giriniz
appeal-grounds-too-long = Gerekçe en fazla 4.000 karakter olmalıdır
appeal-check-title = İtirazınızı kontrol ediniz
appeal-once = Yalnızca bir kez itiraz edebilirsiniz; gönderilen bir itiraz değiştirilemez.
appeal-confirm = İtirazı gönderin
appeal-done = İtirazınız kurula gönderilmiştir.
appeal-not-rejected = Başvurunuz reddedilmemiştir; itiraz edilecek bir karar yoktur.
