## Üyelik Kurulu: bir oylama
vote-title = Oylama
audit-link = Denetim kaydı
vote-grounds = Gerekçe
vote-rule = Kural
vote-rule-quorum = Yeter sayı: seçmenlerin en az { $share } kadarı katılmalıdır (evet, hayır veya çekimser).
vote-rule-more-than = Evet oyları, evet ve hayır oylarının toplamının { $share } kadarından fazla olduğunda önerge kabul edilir.
vote-rule-at-least = Evet oyları, evet ve hayır oylarının toplamının en az { $share } kadarı olduğunda önerge kabul edilir.
vote-policy-version = politika { $version }
vote-electorate = Seçmenler
vote-electorate-count = { $count ->
    [one] Bir üye, oylama açıldığında belirlendi
   *[other] { $count } üye, oylama açıldığında belirlendi
}
vote-opened = Açılış
vote-closed = Kapanış
vote-outcome = Sonuç
vote-secret-heading = Gizli oy ne demektir
vote-secret-seen = Gizli bir oylamanın kaydında seçmenlerin kimler olduğu, kimin ne zaman oy kullandığı veya oyunu değiştirdiği ve kimin çekildiği görünür. Hiç kimsenin seçimi veya gerekçesi görünmez: ne kurula, ne sekreteryaya, ne de kuruculara.
vote-secret-sealed = Seçiminiz ve gerekçeniz yalnızca bu oylamaya ait bir anahtarla mühürlenir (şifrelenir). Yalnızca oylama kapandığında, sayılmak için açılır; yalnızca sonuç kaydedilir ve anahtar ardından yok edilir. Bundan sonra Charter dahil hiç kimse ne seçtiğinizi öğrenemez.
vote-secret-operator = Oylama açıkken anahtarı Charter'ın veritabanında tutulur: veritabanını işleten kişi, oylama kapanana kadar mühürlü oyları açabilir.
vote-yours = Oyunuz
vote-yours-recused = Çıkar çatışması beyan ettiniz ve bu oylamadan çekildiniz.
vote-yours-cast = { $count ->
    [one] Oyunuzu kullandınız.
   *[other] Oyunuzu kullandınız ve değiştirdiniz; { $count } oy kaydedildi.
}
vote-yours-last = Son oy: { $date }.
vote-yours-none = Henüz oy kullanmadınız.
vote-yours-outside = Bu oylamanın seçmenleri arasında değilsiniz: oylama açıldığında kurulda görevli değildiniz.
ballot-legend = Bu önerge için oyunuz nedir?
ballot-change-legend = Oyunuzu değiştirin
ballot-hint-open = Bu açık bir oylamadır: kurul ve sekreterya seçiminizi görür.
ballot-hint-secret = Bu gizli bir oylamadır: seçiminiz mühürlenir ve yalnızca oylama kapandığında sayılır.
ballot-hint-change = Oylama kapanana kadar oyunuzu değiştirebilirsiniz; yalnızca son oyunuz sayılır.
choice-yes = Evet
choice-no = Hayır
choice-abstain = Çekimser
ballot-reason = Gerekçe (isteğe bağlı)
ballot-reason-hint-open = Kayıtta seçiminizin yanında gösterilir.
ballot-reason-hint-secret = Seçiminizle birlikte mühürlenir; hiçbir zaman gösterilmez.
ballot-cast = Oyunuzu kullanın
ballot-choice-missing = Evet, hayır veya çekimser seçeneklerinden birini seçiniz
ballot-recorded = Oyunuz kaydedildi.
recusal-link = Çıkar çatışması beyan edin
vote-tally = Sayım
tally-electorate = Seçmenler
tally-recused = Çekilen
tally-did-not-vote = Oy kullanmayan
vote-participation = Katılım
vote-member = Üye
vote-ballots-cast = Kullanılan oy
vote-last-cast = Son oy
vote-recused = Çekildi
vote-ballots = Oylar
vote-ballots-none = Henüz oy kullanılmadı.
vote-revision = Oy numarası
vote-cast-at = Kullanılma zamanı
vote-choice = Seçim
vote-recusals = Çekilmeler
vote-recusals-none = Hiçbir üye çekilmedi.

## Çekilme
recusal-title = Çıkar çatışması beyan edin
recusal-intro = Bu başvuruyla bir ilginiz varsa, örneğin kurucularıyla kişisel, ticari veya mali bir bağınız varsa, bunu beyan ediniz; bu oylamadan çekilmiş olursunuz.
recusal-warning = Çekildikten sonra bu oylamada oy kullanamazsınız ve çekilme geri alınamaz. Gerekçeniz kayıtta gösterilir.
recusal-reason = Gerekçeniz
recusal-reason-hint = Sizi başvuruya neyin bağladığını belirtiniz.
recusal-reason-missing = Çekilme gerekçenizi giriniz
recusal-cancel = Vazgeç
recusal-check-title = Çekilmeden önce yanıtlarınızı kontrol ediniz
recusal-confirm = Beni bu oylamadan çekin
recusal-recorded = Bu oylamadan çekildiniz.
committee-continue = Devam
committee-change = Değiştir

## Oylama kaydı ve oy geçmişiniz
register-title = Oylama kaydı
register-intro = Kurulun tüm oylamaları, en yenisi önce.
register-none = Henüz hiçbir oylama açılmadı.
register-page = Oylamalar, sayfa { $number }
register-audit = Denetim
register-pages = Kaydın sayfaları
register-previous = Daha yeni oylamalar
register-next = Daha eski oylamalar
record-title = Oy geçmişiniz
record-pages = Oy geçmişinizin sayfaları
record-none = Henüz hiçbir oylamanın seçmenleri arasında yer almadınız.
record-part = Katılımınız
record-recused = Çekildi
record-not-voted = Oy kullanmadı
record-voted-secret = Oy kullandı ({ $ballot } oy)

## Süreç paneli
dashboard-title = Süreç paneli
dashboard-as-of = { $date } itibarıyla.
dashboard-window = Tamamlanan aşamalar { $date } tarihinden itibaren sayılır: son beş yıl.
dashboard-chart-ended = Aşamada geçen ortanca süre, tamamlanan aşamalar (gün)
dashboard-chart-now = Aşamada şimdiye kadar geçen ortanca süre, şu an orada olan başvurular (gün)
dashboard-chart-rates = Geçme oranı: tamamlanan aşamalardan geçitten geçenlerin payı
dashboard-chart-stale = Bekleyen başvurular: aşamalarında geçen gün
dashboard-chart-empty = Henüz gösterilecek bir şey yok.
dashboard-item = Öğe
dashboard-days = Gün
dashboard-percent = %{ $rate }
dashboard-stages = Aşamalara göre rakamlar
dashboard-stage = Aşama
dashboard-current = Şu an orada
dashboard-current-median = Şimdiye kadar ortanca gün
dashboard-current-p90 = Şimdiye kadar 90. yüzdelik, gün
dashboard-completed = Tamamlanan
dashboard-completed-median = Ortanca gün
dashboard-completed-p90 = 90. yüzdelik, gün
dashboard-passed = Geçti
dashboard-rejected = Reddedildi
dashboard-withdrawn = Geri çekildi
dashboard-reopened = İtirazla yeniden açıldı
dashboard-pass-rate = Geçme oranı
dashboard-stale = Aşamadaki süresini aşan başvurular
dashboard-stale-none = Hiçbir başvuru, politikanın aşaması için izin verdiği en uzun süreyi aşmadı.
dashboard-city = Şehir
dashboard-max-days = İzin verilen en uzun süre, gün
dashboard-exports = Dışa aktarımlar
dashboard-export-pipeline = Süreci indirin (CSV)
dashboard-export-votes = Oylama kaydını indirin (CSV)

## Denetim kaydı
audit-title = Denetim kaydı
audit-verify-heading = Kayıt bozulmamış mı?
audit-intact = Bozulmamış
audit-intact-body = Bu başvurunun kaydının, kendisinin ve oylamalarının özet zincirleri az önce yeniden hesaplandı ve tutarlı: { $events } olay denetlendi.
audit-streams = { $streams } kayıt denetlendi.
audit-broken = Bozulmuş
audit-broken-body = Kayıt Charter dışında değiştirilmiş. İlk kopuk halka:
audit-stream = Kayıt
audit-sequence = Olay numarası
audit-problem = Sorun
audit-problem-altered = Olay kaydedildikten sonra değiştirilmiş
audit-problem-missing = Ondan önceki bir olay eksik
audit-problem-head = Kaydın son olayı eksik veya farklı
audit-verify-unavailable = Kayıt şu anda doğrulanamadı. Lütfen daha sonra yeniden deneyiniz.
audit-log = Olaylar
audit-log-intro = Bu başvuru ve onunla ilgili oylamalar hakkında kaydedilen her şey, en eskisi önce. Gizli oylar mühürlü kalır.
audit-log-none = Kaydedilmiş başka bir şey yok.
audit-position = Sıra
audit-when = Zaman
audit-event = Olay
audit-actor = Yapan
audit-fields = Alanlar
audit-sequence-number = olay { $sequence }
audit-request = istek { $id }
audit-show-fields = Alanları gösterin
audit-first-page = İlk sayfa
audit-next-page = Sonraki sayfa
