# Charter'ın iletilerinin Türkçe metinleri (locales/en/notices.ftl ile aynı kimlikler).

invited-subject = Charter'a davet edildiniz
invited-body =
    { $name } olarak, ağın kabul kayıtlarını tuttuğu Charter'a davet edildiniz.

    Oturum açmak için oturum açma sayfasında bu e-posta adresini girin.
invited-action = Oturum açın
invited-why = Bu iletiyi, ağın listesine bu adresle eklendiğiniz için alıyorsunuz.
