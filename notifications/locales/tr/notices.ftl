# Every text Charter's messages are made of, in Turkish: the same message ids as
# locales/en/notices.ftl, each using the same variables, in the same order.
#
# Conventions: the formal register ("siz"); no case suffix is ever attached to a variable
# (its vowels are not known): a noun such as "aşaması", "belgeniz" or "tarihinde" carries
# it instead, or the value follows a colon. Terms: başvuru (application), Üyelik Komitesi,
# uzman paneli / panelist, oylama (vote), oy pusulası (ballot), önerge (motion), görüşme
# (interview), kurucular (founders), hub, girişim (initiative), sekreterya, aşama (stage),
# eşik (gate), değerlendirme (review), son tarih (deadline), birlik (the association).

greeting = Sayın { $name },
signature = Charter, ağın Üyelik Komitesi adına
footer-why = Bu iletiyi, ağa yapılan bir başvurudaki rolünüz nedeniyle alıyorsunuz.
footer-stop = Bu tür iletileri artık almamak için şu adresi açın: { $url }
footer-digest = Bu tür iletileri bunun yerine günlük özet olarak almak için şu adresi açın: { $url }
link-intro = { $action }: { $url }

document-preliminary_report = ön rapor
document-feasibility_study = fizibilite çalışması
document-financial_projection = finansal projeksiyon
document-future_plan = gelecek planı
document-community_strategy = topluluk stratejisi
document-space_design = mekân tasarımı

# Always followed by "aşaması" in the messages.
stage-applied = başvuru
stage-eligible = uygunluk
stage-pre_candidate = ön adaylık
stage-candidate = adaylık
stage-approved = onay
stage-initiative = girişim
stage-rejected = ret
stage-withdrawn = geri çekilme

# The kinds of message, by name (a delivery that fails names its kind).
kind-panelist_assigned = panelist ataması
kind-document_awaits_review = değerlendirme bekleyen belge
kind-review_due_soon = yaklaşan değerlendirme son tarihi
kind-review_overdue = süresi geçen değerlendirme
kind-eligibility_granted = uygunluk kararı
kind-revision_requested = revizyon talebi
kind-revision_due_soon = yaklaşan revizyon son tarihi
kind-revision_overdue = süresi geçen revizyon
kind-interview_scheduled = planlanan görüşme
kind-interview_moved = tarihi değişen görüşme
kind-interview_cancelled = iptal edilen görüşme
kind-interview_soon = görüşme hatırlatması
kind-feedback_released = uzman paneli geri bildirimi
kind-stage_reached = ulaşılan aşama
kind-agreement_awaits_signature = imza bekleyen sözleşme
kind-application_rejected = başvurunun reddi
kind-appeal_received = alınan itiraz
kind-appeal_decided = itiraz kararı
kind-vote_opened = açılan oylama
kind-vote_closing_soon = kapanmak üzere olan oylama
kind-vote_closed = kapanan oylama
kind-outcome_not_carried_out = uygulanamayan oylama sonucu
kind-admission_refused = üye olarak kabul edilemeyen merkez
kind-stage_overdue = süresi aşılan aşama
kind-delivery_failing = teslim edilemeyen ileti
kind-daily_digest = günlük özet
kind-invited = oturum açma daveti
kind-sign_in_code = oturum açma kodu
kind-webhook = { $event } webhook

# A moment ($when, $deadline, $due, ...): its day, month and year, and its time in UTC.
moment = { $day } { $month } { $year } { $weekday }, saat { $time } (UTC)
weekday-monday = Pazartesi
weekday-tuesday = Salı
weekday-wednesday = Çarşamba
weekday-thursday = Perşembe
weekday-friday = Cuma
weekday-saturday = Cumartesi
weekday-sunday = Pazar
month-january = Ocak
month-february = Şubat
month-march = Mart
month-april = Nisan
month-may = Mayıs
month-june = Haziran
month-july = Temmuz
month-august = Ağustos
month-september = Eylül
month-october = Ekim
month-november = Kasım
month-december = Aralık

# What a motion proposes ($motion): always followed by "önergesi".
motion-advance = başvurunun { $stage } aşamasına geçirilmesi
motion-reject = başvurunun reddedilmesi
motion-appeal = itirazın kabul edilmesi

# A closed vote's count ($tally).
tally = { $yes } evet, { $no } hayır, { $abstain } çekimser, { $did_not_vote } üye oy kullanmadı
tally-unknown = bilinmiyor

# What a closed vote brought about ($carried_out).
carried_out-advanced = başvuru { $stage } aşamasına geçti
carried_out-rejected = başvuru reddedildi
carried_out-appeal_granted = itiraz kabul edildi; başvuru { $stage } aşamasında yeniden açıldı
carried_out-appeal_dismissed = itiraz reddedildi
carried_out-nothing = hiçbir işlem yapılmadı, çünkü önerge kabul edilmedi

panelist_assigned-subject = { $hub }: uzman paneline atandınız
panelist_assigned-body =
    { $hub } başvurusunu değerlendirecek uzman paneline atandınız.

    Değerlendirmenizi bekleyen bir belge olduğunda size haber verilecektir. Bir çıkar çatışmanız varsa, lütfen değerlendirmeye başlamadan önce bunu beyan edin.
panelist_assigned-action = Başvuruyu açın

document_awaits_review-subject = { $hub }: { $document } belgesi değerlendirmenizi bekliyor
document_awaits_review-body =
    { $hub } başvurusuna ait { $document } belgesinin { $version }. sürümü gönderildi ve değerlendirmenizi bekliyor.
document_awaits_review-action = Değerlendirme listenizi açın

eligibility_granted-subject = { $hub }: başvurunuz uygun bulundu
eligibility_granted-body =
    { $hub } için yaptığınız başvuru uygun bulundu. Artık adaylık sürecinin bir sonraki eşiği için çalışmaya başlayabilirsiniz.
eligibility_granted-action = Sonraki adımları görün

revision_requested-subject = { $hub }: { $document } belgenizin revize edilmesi isteniyor
revision_requested-body =
    Ağ, { $document } belgenizi revize etmenizi istiyor. Son tarih: { $deadline }.

    Belirtilen gerekçe: { $reason }
revision_requested-action = Talebi görün

revision_overdue-subject = { $hub }: { $document } belgenizin revizyonu için son tarih geçti
revision_overdue-body =
    { $document } belgenizin revizyonu henüz gönderilmedi. Son tarih: { $deadline }.
revision_overdue-action = Talebi görün

interview_scheduled-subject = { $hub }: görüşme tarihi { $when }
interview_scheduled-body =
    Kurucu ekibinizle bir görüşme planlandı. Tarih: { $when }.

    Yer: { $location }

    Ekteki takvim daveti görüşmeyi takviminize ekler.
interview_scheduled-action = Başvurunuzu görün

interview_moved-subject = { $hub }: görüşmenizin yeni tarihi { $when }
interview_moved-body =
    Görüşmenizin zamanı değişti. Yeni tarih: { $when }.

    Yer: { $location }

    Ekteki takvim daveti, daha önce aldığınız daveti günceller.
interview_moved-action = Başvurunuzu görün

interview_cancelled-subject = { $hub }: görüşmeniz iptal edildi
interview_cancelled-body =
    Görüşmeniz iptal edildi. Sonraki adımlar konusunda sekreterya sizinle iletişime geçecektir.
interview_cancelled-action = Başvurunuzu görün

feedback_released-subject = { $hub }: { $document } belgeniz hakkında uzman paneli geri bildirimi
feedback_released-body =
    Uzman panelinin { $document } belgenizin { $version }. sürümüne ilişkin geri bildirimi okumanız için hazır.
feedback_released-action = Geri bildirimi okuyun

stage_reached-subject = { $hub }: başvurunuz artık { $stage } aşamasında
stage_reached-body =
    { $hub } için yaptığınız başvuru { $stage } aşamasına ulaştı.
stage_reached-action = Sonraki adımları görün

agreement_awaits_signature-subject = { $hub }: sözleşme imzanızı bekliyor
agreement_awaits_signature-body =
    { $hub } için üyelik sözleşmesi imzanızı bekliyor. Hem kurucular hem de birlik imzaladığında { $hub } bir girişim, yani ağın ortak sahiplerinden biri olur.
agreement_awaits_signature-action = Başvurunuzu görün

application_rejected-subject = { $hub }: başvurunuz hakkındaki karar
application_rejected-body =
    { $hub } için yaptığınız başvurunun reddedildiğini üzülerek bildiririz.

    Belirtilen gerekçe: { $reason }

    Bu karara itiraz edebilirsiniz.
application_rejected-action = Başvurunuzu görün

appeal_received-subject = { $hub }: itirazınız alındı
appeal_received-body =
    İtirazınız alındı. Üyelik Komitesi itirazınızı oylayacak ve verilen karar size bildirilecektir.
appeal_received-action = Başvurunuzu görün

appeal_decided-subject = { $hub }: itirazınız karara bağlandı
appeal_decided-body =
    { $decision ->
        [granted] İtirazınız kabul edildi. Başvurunuz { $stage } aşamasında yeniden açıldı.
       *[dismissed] İtirazınız reddedildi. Başvurunuzun reddedilmesi kararı geçerliliğini koruyor.
    }
appeal_decided-action = Başvurunuzu görün

vote_opened-subject = { $hub }: bir oylama açıldı ({ $motion })
vote_opened-body =
    { $voters ->
        [network] Ağın üye merkezleri, her merkez bir oyla, { $hub } için { $motion } önergesini oyluyor. Temsilci olarak merkezinizin tek oyunu siz kullanır veya değiştirirsiniz.
       *[other] Üyelik Komitesi, { $hub } için { $motion } önergesini oyluyor.
    }

    { $ballot ->
        [secret] Oy pusulaları gizlidir: oylama açıkken kayıt kaç kişinin katıldığını gösterir, kimlerin katıldığını göstermez; oylama kapandığında kimlerin katıldığını gösterir; kimin neyi seçtiğini asla göstermez.
       *[open] Oy pusulaları açıktır: kayıt, her üyenin seçimini gösterir.
    }

    Oylamanın kapanış tarihi: { $closes }.
vote_opened-action = Oylamayı açın

vote_closed-subject = { $hub }: { $motion } önergesinin oylaması kapandı
vote_closed-body =
    { $hub } için { $motion } önergesinin oylaması kapandı: { $outcome ->
        [passed] önerge kabul edildi
        [no_quorum] yeterli sayıda { $voters ->
            [network] merkez
           *[other] üye
        } katılmadığı için önerge kabul edilmedi
       *[failed] önerge reddedildi
    }.

    Sayım: { $tally }.

    Yerine getirilen işlem: { $carried_out }.
vote_closed-action = Oylama kaydını açın

outcome_not_carried_out-subject = { $hub }: bir oylamanın sonucu uygulanamadı
outcome_not_carried_out-body =
    { $hub } için { $motion } önergesi oylamada kabul edildi, ancak sonucu uygulanamadı.

    Nedeni: { $reason }

    Eksik olan tamamlandığında, oylamaya atıfta bulunarak başvuruyu bir sonraki aşamaya geçirin ya da reddedin.
outcome_not_carried_out-action = Başvuruyu açın

admission_refused-subject = { $hub }: yeni ortak, ağın üye merkezi olarak kabul edilemedi
admission_refused-body =
    { $hub } girişim aşamasına ulaştı, ancak Charter onu ağın üye merkezi olarak kabul edemedi.

    Nedeni: { $reason }

    Üye olana kadar ağın oylamalarında oy hakkı yoktur. Sorunu giderin, ardından merkezi üye merkezlere kaydedin.
admission_refused-action = Başvuruyu açın

delivery_failing-subject = Bir ileti teslim edilemedi
delivery_failing-body =
    Bir kişiye gönderilen “{ $message_kind }” türündeki bir ileti, { $attempts } denemeye rağmen teslim edilemedi.

    Son hata: { $error }

    Sorunun nedeni giderildiğinde iletiyi teslimat listesinden yeniden gönderebilirsiniz.
delivery_failing-action = Teslimatları açın

review_due_soon-subject = { $hub }: { $document } değerlendirmeniz için son tarih { $due }
review_due_soon-body =
    { $hub } başvurusuna ait { $document } belgesinin { $version }. sürümüne ilişkin değerlendirmeniz için son tarih: { $due }.
review_due_soon-action = Değerlendirme listenizi açın

review_overdue-subject = { $hub }: { $document } değerlendirmeniz için son tarih geçti
review_overdue-body =
    { $hub } başvurusuna ait { $document } belgesinin { $version }. sürümüne ilişkin değerlendirmeniz henüz sunulmadı. Son tarih: { $due }. Bu değerlendirmeyi yapamayacaksanız lütfen sekreteryaya bildirin.
review_overdue-action = Değerlendirme listenizi açın

revision_due_soon-subject = { $hub }: { $document } belgenizin revizyonu için son tarih { $due }
revision_due_soon-body =
    Ağın sizden istediği { $document } belgesi revizyonu için son tarih: { $due }.
revision_due_soon-action = Talebi görün

interview_soon-subject = { $hub }: görüşmeniz { $when }
interview_soon-body =
    Hatırlatma: kurucu ekibinizle görüşme zamanı { $when }.

    Yer: { $location }
interview_soon-action = Başvurunuzu görün

vote_closing_soon-subject = { $hub }: { $motion } önergesinin oylaması kapanıyor ({ $closes })
vote_closing_soon-body =
    { $hub } için { $motion } önergesinin oylaması kapanmak üzere{ $ballot ->
        [secret] . Oy pusulaları gizli olduğundan bu hatırlatma her üyeye gönderilir: henüz oy kullanmadıysanız kapanışa kadar kullanabilir, kullandığınız oyu değiştirebilirsiniz.
       *[open] ve henüz oy kullanmadınız.
    } Kapanış tarihi: { $closes }.
vote_closing_soon-action = Oylamayı açın

stage_overdue-subject = { $hub }: { $stage } aşamasında süre aşıldı
stage_overdue-body =
    { $hub } başvurusu { $stage } aşamasında bulunuyor (başlangıç: { $since }); bu süre, politikada öngörülen { $days } günü aştı.
stage_overdue-action = Başvuruyu açın

invited-subject = Charter'a davet edildiniz
invited-body =
    { $name } olarak, ağın kabul kayıtlarını tuttuğu Charter'a davet edildiniz.

    Oturum açmak için oturum açma sayfasında bu e-posta adresini girin.
invited-action = Oturum açın
invited-why = Bu iletiyi, ağın listesine bu adresle eklendiğiniz için alıyorsunuz.

daily_digest-subject = Charter'dan günlük özetiniz: { $count } ileti
daily_digest-body =
    Son özetinizden bu yana olanlar aşağıdadır. Bu tür iletileri günde bir kez almayı seçmiştiniz.

    { $items }
daily_digest-action = Aldığınız iletileri değiştirin

sign_in_code-subject = Charter'da oturum açma kodunuz
sign_in_code-body =
    Birisi, umarız sizsiniz, bu adresle Charter'da oturum açmak istedi. Oturum açma sayfasına şu kodu girin: { $code }

    Kod ve aşağıdaki bağlantı { $minutes } dakika boyunca, bir kez geçerlidir. Oturum açmak istemediyseniz bu iletiyi dikkate almayın: kod olmadan kimse oturum açamaz.
sign_in_code-action = Bu bağlantıyla oturum açın

interview-summary = { $hub }: ağ ile görüşme

calendar-name = Charter: { $name }
calendar-interview = { $hub }: ağ ile görüşme
calendar-revision_due = { $hub }: { $document } revizyonu için son tarih
calendar-review_due = { $hub }: { $document } değerlendirmesi için son tarih
calendar-vote_closes = { $hub }: { $motion } önergesinin oylaması kapanıyor
