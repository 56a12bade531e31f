# API bir isteği geri çevirdiğinde sayfanın söyledikleri: API'nin yanıt verebileceği her kural
# ve aksaklık için bir metin (`problem-<kod>`), sade sözcüklerle ve ne yapılacağını söyleyerek.
# Bir kodun bir dilde metni yoksa ya da bir metin, kuralının taşımadığı bir değeri anıyorsa
# bir test başarısız olur.
#
# Değerler API'nin verdiği adlarla gelir. Kaydın bir adı (stage, from, to, kind, party, role,
# status) API'nin yazdığı gibi, seçici için gelir; okurun sözcükleriyle `<ad>-word` olarak
# gelir. Bir an ya da bir gün, okurun saat diliminde yazılmış olarak gelir.

## Başvuru
problem-application-not-found = Bu başvuru bulunmuyor. Bağlantıyı kontrol edin ya da başlangıç sayfanıza dönün.
problem-application-already-opened = Bu başvuru zaten açılmış. İzlemek için başlangıç sayfanıza gidin.
problem-role-not-permitted = Rolünüz bu işleme izin vermiyor. İzin vermesi gerektiğini düşünüyorsanız sekreteryaya başvurun.
problem-not-your-application = Yalnızca kendi başvurunuzda işlem yapabilirsiniz.
problem-panelist-not-assigned = Bu başvurunun panelinde değilsiniz; bu nedenle bu işlemi yapamazsınız. Panelde olmanız gerekiyorsa sekreteryaya başvurun.
problem-panelist-recused = Bu başvuru için çıkar çatışması beyan ettiniz; bu nedenle artık başvuruda işlem yapamazsınız.
problem-not-review-author = { $review } numaralı değerlendirmeyi yalnızca onu yapan panelist düzeltebilir.
problem-invalid-input = { $problem ->
    [blank] Yanıtı doldurun: boş bırakılamaz.
    [too-long] Yanıtı en fazla { $max } karaktere kısaltın.
    [control-characters] Yanıttaki özel karakterleri silin: saklanamazlar.
    [invisible-characters] Yanıttaki görünmez karakterleri silin (sıfır genişlikli boşluklar, yön işaretleri): bir adı başka bir ada benzetebilirler.
    [malformed] Yanıt doğru biçimde değil. Kontrol edip yeniden gönderin.
    [out-of-range] { $min } ile { $max } arasında bir sayı girin.
    [too-few] En az { $min } giriş yapın.
    [too-many] En fazla { $max } giriş yapın.
    [not-in-future] İleride kalan bir zaman seçin.
    [duplicate] İki kez verilen girişi silin.
    [required] Yanıtı doldurun: gereklidir.
    [unknown-name] Sunulan yanıtlardan birini seçin.
   *[other] Yanıt geçerli değil. Kontrol edip yeniden gönderin.
}
problem-application-closed = { $stage ->
    [withdrawn] Başvuru geri çekilmiştir; bu nedenle artık değişiklik kabul etmez.
    [rejected] Başvuru reddedilmiştir; bir itirazla yeniden açılmadıkça artık değişiklik kabul etmez.
    [initiative] Başvuru bir girişim olmuştur; bu nedenle artık değişiklik kabul etmez.
   *[other] Başvuru kapanmıştır; bu nedenle artık değişiklik kabul etmez.
}
problem-illegal-transition = Başvuru “{ $from-word }” aşamasından “{ $to-word }” aşamasına geçemez. Şu anki durumunu görmek için sayfayı yenileyin.
problem-gate-not-met = Başvuru, “{ $to-word }” aşamasına geçmek için gereken her şeye henüz sahip değil. Eksikler başvurunun sayfasında listelenir.
problem-rejection-needs-vote = Uygunluk aşamasından sonra bir başvuruyu yalnızca Üyelik Komitesi'nin oylaması reddedebilir. Bunun yerine ret için bir oylama açın.
problem-panelist-already-assigned = Bu kişi zaten başvurunun panelinde.
problem-conflict-already-declared = Bu başvuru için zaten çıkar çatışması beyan ettiniz.
problem-review-already-filed = Bu sürümü zaten değerlendirdiniz: { $review } numaralı değerlendirmeniz { $kind-word } belgesinin { $version }. sürümünü kapsıyor. Bunun yerine o değerlendirmeyi düzeltin.
problem-duplicate-document = Bu dosya, { $kind-word } belgesinin { $version }. sürümüyle aynı. Yeni bir sürüm öncekinden farklı olmalıdır: değiştirilmiş dosyayı seçin.
problem-unknown-document-version = { $kind-word } belgesinin { $version }. sürümü gönderilmemiştir. Var olan sürümleri görmek için sayfayı yenileyin.
problem-nothing-to-revise = Henüz { $kind-word } belgesi gönderilmedi; bu nedenle yeni bir sürümü istenemez.
problem-review-not-found = { $review } numaralı değerlendirme bulunmuyor. Var olan değerlendirmeleri görmek için sayfayı yenileyin.
problem-interview-not-found = { $interview } numaralı görüşme bulunmuyor. Var olan görüşmeleri görmek için sayfayı yenileyin.
problem-interview-not-scheduled = { $status ->
    [held] { $interview } numaralı görüşme zaten kaydedilmiştir; değiştirilemez.
    [cancelled] { $interview } numaralı görüşme iptal edilmiştir; değiştirilemez. Bunun yerine yeni bir görüşme planlayın.
   *[other] { $interview } numaralı görüşme planlanmış değil; değiştirilemez.
}
problem-interview-not-yet-held = { $interview } numaralı görüşme daha ileri bir zamana planlanmıştır. Görüşme yapıldıktan sonra kaydedin.
problem-interview-unchanged = { $interview } numaralı görüşme zaten bu zaman ve yer için planlanmış. Zamanı ya da yeri değiştirin veya olduğu gibi bırakın.
problem-already-signed = { $party ->
    [founders] Kurucular üyelik sözleşmesini zaten imzalamıştır.
   *[other] Dernek üyelik sözleşmesini zaten imzalamıştır.
}
problem-not-ready-for-signature = Üyelik sözleşmesi ancak başvuru onaylandıktan sonra imzalanabilir. Başvuru şu anda “{ $stage-word }” aşamasında.
problem-vote-about-another-application = Belirtilen oylama başka bir başvuruyla ilgili. Bu başvuruyla ilgili bir oylama seçin.
problem-vote-decided-another-motion = Belirtilen oylama başka bir önergeye karar verdi. Bu önergeye karar veren oylamayı seçin.
problem-vote-not-passed = Belirtilen oylama kabul edilmedi; bu nedenle bu konuda karar veremez.
problem-not-rejected = Yalnızca reddedilmiş bir başvuruya itiraz edilebilir; bu başvuru “{ $stage-word }” aşamasında.
problem-already-appealed = Ret kararına zaten itiraz edilmiştir; yalnızca bir kez itiraz edilebilir.
problem-no-pending-appeal = Karar bekleyen bir itiraz yok. Başvurunun şu anki durumunu görmek için sayfayı yenileyin.
problem-revision-request-not-found = { $request } numaralı düzeltme isteği bulunmuyor. Var olan istekleri görmek için sayfayı yenileyin.
problem-revision-already-answered = { $request } numaralı düzeltme isteği { $version }. sürümle zaten yanıtlanmıştır.
problem-deadline-not-passed = { $request } numaralı düzeltme isteğinin son tarihi: { $deadline }. Süresi henüz geçmedi.
problem-feedback-already-released = { $review } numaralı değerlendirmenin { $revision }. düzeltmesi kuruculara zaten açıklanmıştır.
problem-not-latest-revision = { $review } numaralı değerlendirme, siz okuduktan sonra düzeltildi: en son düzeltme { $revision }. değil, { $latest }. düzeltme. Açıklamadan önce en sonunu okuyun.

## Kişiler ve roller
problem-person-not-found = Bu kişi listede yok. Bağlantıyı kontrol edin ya da kişiyi kişiler listesinde bulun.
problem-person-already-registered = Bu kişi zaten listede.
problem-email-taken = { $email } adresi listedeki başka birine ait. Başka bir adres kullanın.
problem-already-seated = Bu kişi { $since } tarihinden beri zaten komitede.
problem-not-seated = Bu kişi komitede değil.
problem-seats-overlap = Bir komite üyeliği { $since } tarihinde başlayamaz: önceki üyelik { $ended } tarihinde sona erdi. Daha sonraki bir gün seçin.
problem-seat-ends-before-it-begins = Bir komite üyeliği { $on } tarihinde sona eremez: { $since } tarihinde başladı ve en az bir gün sürer. Daha sonraki bir gün seçin.
problem-already-in-panel-pool = Bu kişi zaten uzman paneli havuzunda.
problem-not-in-panel-pool = Bu kişi uzman paneli havuzunda değil.
problem-already-in-secretariat = Bu kişi zaten sekreteryanın bir üyesi.
problem-not-in-secretariat = Bu kişi sekreteryanın bir üyesi değil.
problem-person-erased = Bu kişinin kişisel verileri silinmiştir. Kişiyle yeniden çalışmak için onu yeniden kaydedin.
problem-already-erased = Bu kişinin kişisel verileri zaten silinmiştir.

## Üye merkezler
problem-hub-not-found = Bu merkez ağın bir üyesi değil. Bağlantıyı kontrol edin ya da merkezi üye merkezler listesinde bulun.
problem-hub-already-admitted = Bu merkez zaten ağın bir üyesi.
problem-application-already-admitted = Bu başvurunun merkezi ağa zaten kabul edildi.
problem-hub-name-taken = { $name } zaten bir üye merkezin adı. Başka bir ad seçin ya da o merkezle çalışın.
problem-joined-in-future = Bir merkez henüz gelmemiş bir gün olan { $joined } tarihinde katılmış olamaz. Bugünü ya da daha önceki bir günü seçin.
problem-already-delegate = Bu kişi merkezi zaten { $since } tarihinden beri temsil ediyor.
problem-delegate-of-another-hub = Bu kişi başka bir üye merkezi temsil ediyor. Bir kişi aynı anda tek bir merkezi temsil eder: önce o temsili sona erdirin.
problem-not-delegate-of-hub = Bu kişi bu merkezi temsil etmiyor.
problem-delegations-overlap = Bir temsil { $since } tarihinde başlayamaz: kişinin önceki temsili { $ended } tarihinde sona erdi. Daha sonraki bir gün seçin.
problem-delegation-ends-before-it-begins = Bir temsil { $on } tarihinde sona eremez: { $since } tarihinde başladı ve en az bir gün sürer. Daha sonraki bir gün seçin.
problem-hub-already-suspended = Bu merkezin üyeliği zaten askıya alınmış.
problem-hub-not-suspended = Bu merkezin üyeliği askıya alınmamış, bu yüzden yeniden etkinleştirilecek bir şey yok.
problem-hub-has-left = Bu merkez ağdan ayrıldı, bu yüzden başka değişiklik kabul etmiyor.

## Oylamalar
problem-vote-not-found = Bu oylama bulunmuyor. Bağlantıyı kontrol edin ya da oylamalar listesine dönün.
problem-vote-already-opened = Bu oylama zaten açılmış.
problem-vote-already-open = Bu başvuruyla ilgili başka bir oylama açık. O oylama kapanana kadar bekleyin, sonra bunu açın.
problem-no-electorate = { $electorate ->
    [network] Bugün durumu iyi olan üye merkez yok; bu nedenle ağ oylamasının seçmeni olmaz. Önce üye merkezleri kaydedin.
   *[other] Bugün komitede üyeliği olan kimse yok; bu nedenle oylamanın seçmeni olmaz. Önce komiteye üye atayın.
}
problem-awaits-earlier-vote = Kapının oylamaları sırayla yapılır: önce { $electorate ->
    [network] ağın
   *[other] komitenin
} oylaması kabul edilmelidir. Hiçbir oylama açılmadı.
problem-gate-vote-already-passed = Bu kapıdaki { $electorate ->
    [network] ağ
   *[other] komite
} oylaması bu aşamada zaten kabul edildi. Hiçbir oylama açılmadı.
problem-not-a-delegate = Ağ oylamasında yalnızca bir üye merkezin temsilcisi, kendi merkezi adına oy kullanır.
problem-hub-not-in-good-standing = Temsil ettiğiniz merkez askıya alındı veya ağdan ayrıldı; bu nedenle oy hakkı yok. Hiçbir şey kaydedilmedi.
problem-motion-not-applicable = Önerge, başvurunun şu anki durumuna uymuyor. Sayfayı yenileyip başka bir önerge seçin.
problem-not-in-electorate = Bu oylamanın seçmenleri arasında değilsiniz; bu nedenle oy kullanamazsınız
problem-member-recused = Bu oylamadan çekildiniz; oy kullanamazsınız
problem-already-recused = Bu oylamadan zaten çekildiniz
problem-vote-closed = Oylama kapandı: hiçbir şey kaydedilmedi
problem-voting-time-over = Oy kullanma süresi doldu ({ $closes_at }): hiçbir şey kaydedilmedi
problem-vote-not-yet-closable = Oylamanın kapanış zamanı: { $closes_at }. Daha önce yalnızca sekreterya kapatabilir.
problem-secret-vote-awaits-members = Bu gizli oylama { $closes_at } öncesinde kapatılamaz: { $awaiting } üye henüz oy kullanmadı veya çekilmedi. Oylama o zaman kendiliğinden kapanır; daha önce ancak her üye oy kullandığında veya çekildiğinde kapatılabilir. Hiçbir şey kaydedilmedi.
problem-vote-key-missing = Gizli oy şu anda kaydedilemiyor ya da sayılamıyor. Hiçbir şey kaydedilmedi: daha sonra yeniden deneyin; yine olursa sekreteryaya bildirin.
problem-vote-key-mismatch = Bu oylamanın gizli oyları şu anda açılamıyor. Hiçbir şey kaydedilmedi: sekreteryaya bildirin.

## İstekler, anahtarlar ve iletiler
problem-idempotency-key-reused = Bu istek daha önce başka yanıtlarla bir kez gönderildi. Sayfayı yenileyip formu yeniden gönderin.
problem-idempotency-key-in-flight = Bu istek hâlâ işleniyor. Biraz bekleyin, sonra sayfayı yenileyin.
problem-idempotency-key-answer-lost = Bu istek yerine getirildi, ancak yanıtı kayboldu. Sonucu görmek için sayfayı yenileyin.
problem-cannot-switch-off = Bazı iletiler kapatılamaz, çünkü sürece katılmak için gereklidir. Diğerleri de değiştirilmedi: yeniden seçin.
problem-message-not-dead = Yalnızca teslim edilemeyen bir ileti yeniden gönderilebilir; bu iletiden vazgeçilmedi.
problem-webhook-already-disabled = Bu webhook zaten kapalı.
problem-webhook-already-enabled = Bu webhook zaten açık.
problem-token-already-revoked = Bu anahtar zaten iptal edilmiş.

## Her isteğin aksaklıkları
problem-bad-request = İstekteki bir şey anlaşılamadı. Sayfayı yenileyip yeniden deneyin.
problem-invalid-body = Formdaki bir şey anlaşılamadı. Sayfayı yenileyip yeniden deneyin.
problem-unauthorized = Oturum açmadınız ya da oturumunuz sona erdi. Yeniden oturum açın.
problem-forbidden = Bunu yapamazsınız. Yapabilmeniz gerektiğini düşünüyorsanız sekreteryaya başvurun.
problem-not-found = İstediğiniz şey bulunmuyor. Bağlantıyı kontrol edin ya da başlangıç sayfanıza dönün.
problem-method-not-allowed = Bu işlem buradan yapılamaz. Başlangıç sayfanıza dönün.
problem-concurrent-write = Başka biri bunu aynı anda değiştirdi. Sayfayı yenileyip yeniden deneyin.
problem-payload-too-large = Gönderdiğiniz şey çok büyük. Daha küçük bir dosya gönderin.
problem-request-timeout = Gönderdiğiniz şey çok yavaş ulaştı; okunmadı ve hiçbir şey değiştirilmedi. Bağlantınızı kontrol edip yeniden gönderin.
problem-unsupported-media-type = Gönderilen şey Charter'ın kabul ettiği bir biçimde değil. Sayfayı yenileyin, yeniden seçip gönderin.
problem-precondition-failed = Siz sayfayı açtıktan sonra bu değişti. Şu anki hâlini görmek için sayfayı yenileyin, sonra yeniden deneyin.
problem-unavailable = Charter şu anda kullanılamıyor. Hiçbir şey değiştirilmedi: birkaç dakika sonra yeniden deneyin.
problem-internal-error = Bir şeyler ters gitti ve hiçbir şey değiştirilmedi. Yeniden deneyin; yine olursa sekreteryaya başvurun.
