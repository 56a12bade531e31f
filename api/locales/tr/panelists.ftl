# Uzman panelistlerin sayfaları, Türkçe.

## Paneldeki bir başvuru
review-application-title = Başvuru
review-application-caption = İncelediğiniz başvuru
review-documents = Belgeler
review-documents-none = Henüz hiçbir belge sunulmadı.
review-file-name = Dosya
review-kilobytes = { $size } KB
review-submitted = Sunulma tarihi
review-yours = Değerlendirmeniz
review-start = Bu sürümü değerlendirin
review-revise = Değerlendirmenizi düzeltin
review-number = Değerlendirme { $number }
review-history = Değerlendirmeleriniz
review-history-none = Bu başvurunun belgelerini henüz değerlendirmediniz.
review-version-filed = Sunuldu
review-version-revised = Düzeltme { $revision }

## Değerlendirme formu
review-form-title = Bir belgeyi değerlendirin
review-revise-title = Değerlendirmenizi düzeltin
review-earlier = Bu değerlendirmenin önceki sürümleri
review-revise-intro = Değerlendirmenizi eksiksiz olarak yeniden veriniz. Önceki sürümler saklanır.
review-scores = Puanlar
review-scores-hint = Her ölçütü 1 (zayıf) ile 5 (güçlü) arasında puanlayınız.
criterion-team = Ekip
criterion-community = Topluluk
criterion-feasibility = Uygulanabilirlik
criterion-impact = Etki
review-recommendation-hint = Bu aşamada başvuru için ne önerirsiniz?
review-comments = Görüşler
review-comments-hint = Neyi okuduğunuzu ve önerinizin gerekçesini yazınız. Sekretarya görüşlerinizi adınızı belirtmeden kurucularla paylaşabilir.
review-continue = Devam edin
review-score-missing = { $criterion } için bir puan seçiniz
review-score-invalid = { $criterion } için 1 ile 5 arasında bir puan seçiniz
review-recommendation-missing = Bir öneri seçiniz
review-comments-missing = Görüşlerinizi giriniz

## Yanıtlarınızı kontrol edin
review-check-title = Değerlendirmenizi sunmadan önce kontrol ediniz
review-change = Değiştirin
review-file-note = Sunulduktan sonra değerlendirmeniz kayda geçer. Daha sonra düzeltebilirsiniz; önceki sürüm saklanır.
review-revision-kept = Düzeltmeniz değerlendirmenizin yerini alır; önceki sürüm saklanır.
review-file = Değerlendirmeyi sunun
review-file-revision = Düzeltmeyi sunun
review-filed = Değerlendirmeniz sunuldu.
review-revised = Düzeltmeniz sunuldu. Önceki sürüm saklanmaktadır.

## Çıkar çatışması
conflict-title = Çıkar çatışması beyan edin
conflict-intro = Kurucu ekiple ya da merkezleriyle kişisel, mesleki veya mali bir bağınız varsa çıkar çatışması beyan ediniz.
conflict-reason = Çıkar çatışmanızın nedeni
conflict-reason-hint = Bunu sekretarya okur.
conflict-reason-missing = Çıkar çatışmanızın nedenini giriniz
conflict-check-title = Beyanınızı kontrol ediniz
conflict-recuses = Çıkar çatışması beyan ettiğinizde bu başvurudan çekilmiş olursunuz: başvuruyu artık göremez ve değerlendiremezsiniz. Bu işlem geri alınamaz.
conflict-declare = Çatışmayı beyan edin ve beni çekin
conflict-declared = Çıkar çatışması beyan ettiniz ve o başvurudan çekildiniz.
