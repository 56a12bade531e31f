# Charter'ın web sayfaları, Türkçe. Sayfaların gösterdiği her metin buradan gelir; bir dilde
# eksik olan kimlik bir testi başarısız kılar.

site-name = Charter
skip-to-content = Ana içeriğe geç
nav-label = Ana menü
sign-out = Oturumu kapat
switch-role = Rol değiştir
footer-api = Entegrasyonlar için API
back-home = Başlangıç sayfanıza gidin
request-id = Bunu bildirirseniz { $id } istek kimliğini belirtin.
error-prefix = Hata
error-summary-title = Bir sorun var

moment = { $date }, { $time } ({ $zone })
date = { $day } { $month } { $year }
month-1 = Ocak
month-2 = Şubat
month-3 = Mart
month-4 = Nisan
month-5 = Mayıs
month-6 = Haziran
month-7 = Temmuz
month-8 = Ağustos
month-9 = Eylül
month-10 = Ekim
month-11 = Kasım
month-12 = Aralık

## Roller ve menü
role-applicant = Kurucu
role-panelist = Uzman panelist
role-committee = Komite üyesi
role-secretariat = Sekreterya
role-system = Charter
role-founder-of = { $hub } kurucusu
role-delegate = Üye merkez temsilcisi
role-delegate-of = { $hub } temsilcisi
nav-application = Başvurunuz
nav-documents = Belgeler
nav-timeline = Zaman çizelgesi
nav-account = Hesabınız
nav-reviews = Değerlendirmeler
nav-votes = Oylamalar
nav-register = Oylama kaydı
nav-dashboard = Süreç panosu
nav-pipeline = Süreç
nav-people = Kişiler
nav-hubs = Üye merkezler
nav-deliveries = Mesajlar

## Hatalar
not-found-heading = Sayfa bulunamadı
not-found-body = Adresi kendiniz yazdıysanız doğru olduğunu kontrol edin. Bir bağlantıyı izlediyseniz bağlantı güncel olmayabilir.
forbidden-heading = Bu sayfayı göremezsiniz
forbidden-body = Rolünüz bu sayfaya erişim vermiyor. Vermesi gerektiğini düşünüyorsanız sekreteryaya başvurun.
unavailable-heading = Üzgünüz, Charter şu anda kullanılamıyor
unavailable-body = Hiçbir şey değiştirilmedi. Birkaç dakika sonra yeniden deneyin.
failed-heading = Üzgünüz, bir şeyler ters gitti
failed-body = Hiçbir şey değiştirilmedi. Yeniden deneyin; tekrar olursa sekreteryaya başvurun.
timeout-heading = Üzgünüz, bu çok uzun sürdü
timeout-body = Charter zamanında yanıt veremedi. Gönderdiğiniz şey kaydedilmiş de olabilir, kaydedilmemiş de: yeniden göndermeden önce bakın.
slow-upload-heading = Gönderdiğiniz şey çok yavaş ulaştı
slow-upload-body = Hiçbir şey değiştirilmedi. Bağlantınızı kontrol edin, sonra yeniden gönderin ya da daha küçük bir dosya gönderin.
expired-form-heading = Bu formun süresi doldu
expired-form-body = Form artık geçerli olmayan bir sayfadan ya da başka bir siteden gönderildi, bu yüzden hiçbir şey yapılmadı. Geri dönün, sayfayı yenileyin ve yeniden gönderin.
cross-site-refused = Bu form başka bir siteden gönderildiği için reddedildi. Sayfayı bu sitede açın ve yeniden gönderin.

## Karşılama ve oturum açma
welcome-title = Charter
welcome-lead = Bir kurucu ekibin hub ağının ortaklarından biri olma yolu.
welcome-body = Kurucular başvurularını burada izler, uzman panelistler değerlendirir, Üyelik Komitesi oylar ve sekreterya her şeyin ilerlemesini sağlar. Ağın sizi tanıdığı e-posta adresiyle oturum açın.
sign-in-title = Oturum açın
sign-in-intro = Oturum açmanız için size e-postayla bir kod göndereceğiz. Parolaya gerek yok.
sign-in-address = E-posta adresi
sign-in-address-hint = Ağın sizi tanıdığı adres.
sign-in-address-missing = E-posta adresinizi girin
sign-in-address-invalid = E-posta adresini doğru biçimde girin, örneğin ad@ornek.org
sign-in-limited = Çok fazla kod istendi. Bir saat bekleyip yeniden deneyin.
sign-in-send = Bana bir kod gönderin
sign-in-code-title = E-postanızı kontrol edin
sign-in-code-sent = { $address } ağdaki birine aitse bu adrese bir kod gönderdik.
sign-in-code-expiry = Kod 15 dakika boyunca, bir kez geçerlidir. E-postadaki bağlantıyı da açabilirsiniz.
sign-in-code = Kod
sign-in-code-missing = E-postadaki kodu girin
sign-in-code-wrong = Kod doğru değil. E-postayı kontrol edip yeniden girin
sign-in-code-spent = Kodun süresi dolmuş ya da kod kullanılmış. Yeni bir kod isteyin
sign-in-continue = Devam edin
sign-in-again = Yeni bir kod isteyin
sign-in-link-title = Charter'da oturum açın
sign-in-link-intro = Oturum açma e-postanızdaki bağlantıyı açtınız. Bu cihazda oturum açmak için onaylayın.
sign-in-link-confirm = Oturum açın
sign-in-link-spent = Bu bağlantının süresi dolmuş ya da bağlantı kullanılmış. Yeni bir kod isteyin
sign-in-role-title = Charter'ı nasıl kullanmak istiyorsunuz?
sign-in-role-missing = Charter'ı nasıl kullanmak istediğinizi seçin
sign-in-no-role-heading = Şu anda Charter'da bir rolünüz yok
sign-in-no-role-body = Adresiniz biliniyor, ancak şu anda ağda bir rolünüz yok. Olması gerektiğini düşünüyorsanız sekreteryaya başvurun.
sign-in-done = Oturum açtınız.
signed-out-title = Oturumunuzu kapattınız
signed-out-body = Bu cihazdaki oturumunuz sona erdi. Bu bilgisayarı başkaları da kullanıyorsa tarayıcı penceresini kapatın.

## Kaydın sözcükleri
stage = Aşama
stage-since = Bu aşamada olduğu tarih
stage-applied = Başvuru yapıldı
stage-eligible = Uygun
stage-pre_candidate = Aday öncesi
stage-candidate = Aday
stage-approved = Onaylandı
stage-initiative = Girişim
stage-rejected = Reddedildi
stage-withdrawn = Geri çekildi
document = Belge
document-preliminary_report = Ön rapor
document-feasibility_study = Fizibilite çalışması
document-financial_projection = Finansal projeksiyon
document-future_plan = Gelecek planı
document-community_strategy = Topluluk stratejisi
document-space_design = Mekân tasarımı
version = { $version }. sürüm
recommendation = Öneri
recommendation-advance = İlerlesin
recommendation-revise = Düzeltilsin
recommendation-reject = Reddedilsin
party-founders = kurucular
party-association = dernek
hub = Hub
place = Yer
due = Son tarih
due-on = Son tarih: { $date }
overdue = Süresi geçti
next-deadline = Sonraki son tarih
motion = Önerge
motion-advance = { $stage } aşamasına geçsin
motion-reject = Başvuru reddedilsin
motion-appeal = İtiraz kabul edilsin
ballot = Oylama türü
ballot-open = Açık
ballot-secret = Gizli
closes = Kapanış
outcome-passed = Kabul edildi
outcome-failed = Kabul edilmedi
outcome-no_quorum = Yeter sayı sağlanamadı
outcome-cancelled = İptal edildi

## Kurucular
founders-title = Başvurunuz
founders-caption = Başvurunuz
next-gate = { $stage } olmak için
check-met = Tamam
check-missing = Eksik
check-document = { $document } belgesini gönderin
check-reviews = { $document } için ilerlemeyi öneren { $need } uzman değerlendirmesi
check-interview = Ağ ile bir görüşme
check-vote = { $electorate ->
    [network] Üye merkezlerin bir oylaması
   *[other] Üyelik Komitesi'nin bir oylaması
}
check-revision_answered = Düzeltme isteğine yanıt veren yeni bir { $document } sürümü
check-signature = { $party } tarafından imzalanmış üyelik sözleşmesi
revision-requests = Düzeltme istekleri
revision-requests-none = Açık düzeltme isteği yok.
interviews = Görüşmeler
interviews-none = Henüz bir görüşme planlanmadı.
interview-when = Ne zaman
interview-where = Nerede
interview-status = Durum
interview-scheduled = Planlandı
interview-held = Yapıldı
interview-cancelled = İptal edildi
feedback = Panel geri bildirimi
feedback-none = Size henüz panel geri bildirimi iletilmedi.
votes = Komite oylamaları
votes-none = Komite başvurunuz hakkında oylama yapmadı.
vote-open = Sürüyor
vote-closes-on = Kapanış: { $date }
vote-closed-on = Karar tarihi: { $date }

## Panelistler
panelists-title = Değerlendirmeleriniz
queue-awaiting = Değerlendirmenizi bekleyenler
queue-empty = Değerlendirmenizi bekleyen bir şey yok.
queue-reviewed = Değerlendirilenler
queue-reviewed-none = Henüz bir şey değerlendirmediniz.

## Komite
committee-title = Açık oylamalar
votes-open-none = Açık oylama yok.

## Sekreterya
secretariat-title = Süreç

## Kim oy verir: komite ya da üye merkezler (her merkeze bir oy)
voters = Oy verenler
voters-committee = Komite
voters-network = Üye merkezler
vote-of-committee = komite oy verir
vote-of-network = üye merkezler oy verir
hub-standing = Durum
hub-standing-member = Durumu iyi olan üye
hub-standing-suspended = Üyeliği askıya alındı
hub-standing-left = Ağdan ayrıldı
hub-delegates = Temsilciler
hub-delegates-none = Temsilci yok
hub-delegate-since = { $date } tarihinden beri
