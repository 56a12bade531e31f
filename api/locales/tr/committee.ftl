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
vote-secret-seen = Gizli bir oylama açıkken kaydında seçmenlerin kimler olduğu ve kaç kişinin oy kullandığı veya çekildiği görünür, kimlerin olduğu görünmez: yalnızca kendi katılımınızı görürsünüz. Oylama kapandığında kayıtta kimin ne zaman oy kullandığı veya oyunu değiştirdiği ve kimin çekildiği görünür. Hiç kimsenin seçimi veya gerekçesi görünmez: ne kurula, ne sekreteryaya, ne de kuruculara.
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
vote-participation-withheld = Bu gizli oylama açık: yalnızca kaç kişinin katıldığı gösterilir, kimlerin katıldığı gösterilmez. Kimlerin katıldığı oylama kapandığında gösterilir.
participation-voted = Oy kullanan
participation-awaiting = Henüz oy kullanmayan
vote-recusals-withheld = Kimlerin çekildiği oylama kapandığında gösterilir.

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
register-intro = Kurulun ve ağın tüm oylamaları, en yenisi önce.
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
audit-withheld = Gizli oylama kapanana kadar gizli tutulur
audit-first-page = İlk sayfa
audit-next-page = Sonraki sayfa

## Ağ oylaması: üye merkezler oy verir, her merkeze bir oy, temsilcileri aracılığıyla
vote-electorate-hubs = { $count ->
    [one] Bir üye merkez, oylama açıldığında belirlendi
   *[other] { $count } üye merkez, oylama açıldığında belirlendi; her merkeze bir oy
}
vote-secret-seen-hub = Gizli bir oylama açıkken kaydında seçmen merkezlerin hangileri olduğu ve kaçının oy kullandığı veya çekildiği görünür, hangilerinin olduğu görünmez: bir temsilci yalnızca kendi merkezinin katılımını görür. Oylama kapandığında kayıtta hangi merkezin ne zaman ve hangi temsilcisi aracılığıyla oy kullandığı veya oyunu değiştirdiği ve hangisinin çekildiği görünür. Hiçbir merkezin seçimi veya gerekçesi görünmez.
vote-secret-sealed-hub = Bir merkezin seçimi ve gerekçesi yalnızca bu oylamaya ait bir anahtarla mühürlenir (şifrelenir). Yalnızca oylama kapandığında, sayılmak için açılır; yalnızca sonuç kaydedilir ve anahtar ardından yok edilir. Bundan sonra Charter dahil hiç kimse bir merkezin ne seçtiğini öğrenemez.
vote-yours-hub = Merkezinizin oyu
vote-yours-recused-hub = Merkeziniz çıkar çatışması beyan etti ve bu oylamadan çekildi.
vote-yours-cast-hub = { $count ->
    [one] Merkeziniz oyunu kullandı.
   *[other] Merkeziniz oyunu kullandı ve değiştirdi; { $count } oy kaydedildi.
}
vote-by = { $name } tarafından.
vote-yours-none-hub = Merkeziniz henüz oy kullanmadı.
vote-network-heading = Kim oy verir
vote-yours-outside-hub = Ağ oylamasında üye merkezler oy verir; her merkezin tek oyunu temsilcileri kullanır.
vote-hub-without-vote = Merkezinizin üyeliği askıya alındı ya da merkeziniz ağdan ayrıldı; bu nedenle oy hakkı yok. Askıya alınan bir merkez, sekreterya onu yeniden etkinleştirdiğinde yeniden oy verir.
ballot-legend-hub = Merkezinizin bu önergedeki oyu nedir?
ballot-change-legend-hub = Merkezinizin oyunu değiştirin
ballot-hint-open-hub = Bu açık bir oylamadır: kurul, sekreterya ve üye merkezlerin temsilcileri merkezinizin seçimini ve oyu hangi temsilcinin kullandığını görür.
ballot-hint-secret-hub = Bu gizli bir oylamadır: merkezinizin seçimi mühürlenir ve yalnızca oylama kapandığında sayılır.
ballot-hint-change-hub = Merkezinizin herhangi bir temsilcisi oylama kapanana kadar oyu değiştirebilir; yalnızca son oy sayılır.
ballot-cast-hub = Merkezinizin oyunu kullanın
ballot-recorded-hub = Merkezinizin oyu kaydedildi.
recusal-link-hub = Merkezinizin çıkar çatışmasını beyan edin
vote-participation-withheld-hub = Bu gizli oylama açık: yalnızca kaç merkezin katıldığı gösterilir, hangilerinin katıldığı gösterilmez (kendi merkezinizin katılımı dışında). Hangilerinin katıldığı oylama kapandığında gösterilir.
vote-hubs = Üye merkezler
vote-hub = Merkez
vote-delegate = Temsilci
vote-withheld = Gizli tutuluyor
vote-ballots-withheld-hub = Hangi merkezlerin oy kullandığı oylama kapandığında gösterilir.
vote-recusals-none-hub = Hiçbir merkez çekilmedi.
recusal-intro-hub = Merkezinizin bu başvuruyla bir ilgisi varsa, örneğin kurucularıyla kişisel, ticari veya mali bir bağı, bunu beyan edin; merkeziniz bu oylamadan çekilir.
recusal-warning-hub = Çekildikten sonra merkeziniz bu oylamada ne sizin ne de başka bir temsilcisi aracılığıyla oy kullanabilir ve çekilme geri alınamaz. Gerekçeniz kayıtta gösterilir.
recusal-reason-hint-hub = Merkezinizi başvuruya neyin bağladığını yazın.
recusal-confirm-hub = Merkezimi bu oylamadan çek
recusal-recorded-hub = Merkeziniz bu oylamadan çekildi.
dashboard-open-votes = Açık oylamalar
dashboard-hubs = Üye merkezlerin katılımı
dashboard-hubs-intro = Her üye merkezin, seçmeni olduğu kapanmış ağ oylamalarına nasıl katıldığı.
dashboard-hubs-none = Henüz kayıtlı üye merkez yok.
dashboard-hub-votes = Ağ oylamaları
dashboard-turnout = Katıldı
