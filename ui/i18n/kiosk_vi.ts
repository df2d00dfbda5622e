<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="65" />
        <source>Self-service dossier reception</source>
        <translation>Tiếp nhận hồ sơ tự động</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="68" />
        <source>Touch Start or place your chip ID card on the reader to begin.</source>
        <translation>Chạm nút Bắt đầu hoặc đặt thẻ căn cước gắn chip lên đầu đọc để bắt đầu.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="70" />
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
</context>
<context>
    <name>ConsentView</name>
    <message>
        <location filename="../intake/finish.py" line="102" />
        <source>Your personal data</source>
        <translation>Dữ liệu cá nhân của bạn</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="103" />
        <source>Read this before you submit.</source>
        <translation>Vui lòng đọc trước khi nộp hồ sơ.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="106" />
        <source>I have read this and I agree</source>
        <translation>Tôi đã đọc và đồng ý</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="108" />
        <source>Submit my dossier</source>
        <translation>Nộp hồ sơ</translation>
    </message>
</context>
<context>
    <name>DoneView</name>
    <message>
        <location filename="../intake/finish.py" line="134" />
        <source>Your dossier has been received</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="135" />
        <source>Dossier code: %1</source>
        <translation>Mã hồ sơ: %1</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="136" />
        <source>the one-stop counter</source>
        <translation>bộ phận một cửa</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="138" />
        <source>Result ready from %1, at %2. To pay: %3.</source>
        <translation>Hẹn trả kết quả từ %1, tại %2. Số tiền phải nộp: %3.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="145" />
        <source>What happens next: take your receipt. The center checks your dossier and gives it its official code; if anything is missing you will be called. Bring the original papers when you collect the result.</source>
        <translation>Tiếp theo: nhận Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Trung tâm kiểm tra hồ sơ và cấp mã hồ sơ chính thức; nếu còn thiếu, bạn sẽ được liên hệ. Mang theo bản chính giấy tờ khi đến nhận kết quả.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="150" />
        <source>Take my receipt</source>
        <translation>Nhận giấy hẹn</translation>
    </message>
</context>
<context>
    <name>IdentityScreen</name>
    <message>
        <location filename="../identity/screen.py" line="251" />
        <source>Read my card</source>
        <translation>Đọc thẻ của tôi</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="252" />
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="253" />
        <source>Yes, this is me</source>
        <translation>Đúng, đây là tôi</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="254" />
        <source>Read with this number</source>
        <translation>Đọc bằng số này</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="255" />
        <source>6 digits</source>
        <translation>6 chữ số</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="266" />
        <source>ID number: {number}</source>
        <translation>Số định danh: {number}</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="272" />
        <source>The chip data is genuine.</source>
        <translation>Dữ liệu trong chip là xác thực.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="273" />
        <source>The chip data was read but cannot be verified.</source>
        <translation>Đã đọc dữ liệu trong chip nhưng chưa thể xác thực.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="279" />
        <source>Place your card on the reader</source>
        <translation>Đặt thẻ lên đầu đọc</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="281" />
        <source>Lay your citizen identity card flat on the reader, then tap Read my card.</source>
        <translation>Đặt thẻ căn cước nằm phẳng trên đầu đọc, rồi chạm Đọc thẻ của tôi.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="285" />
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="286" />
        <source>Keep the card still on the reader until the reading is done.</source>
        <translation>Giữ yên thẻ trên đầu đọc cho đến khi đọc xong.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="289" />
        <source>Is this you?</source>
        <translation>Đây có phải là bạn?</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="290" />
        <source>Check your name and photo, then tap Yes, this is me.</source>
        <translation>Kiểm tra họ tên và ảnh, rồi chạm Đúng, đây là tôi.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="293" />
        <source>Your card could not be verified</source>
        <translation>Không xác thực được thẻ của bạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="295" />
        <source>The chip data could not be verified as genuine; please go to the counter.</source>
        <translation>Không xác thực được dữ liệu trong chip; vui lòng đến quầy tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="299" />
        <source>Please type the card number</source>
        <translation>Vui lòng nhập số trên thẻ</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="301" />
        <source>The chip did not accept the number the kiosk tried. Type the 6 digits printed on the front of your card (CAN).</source>
        <translation>Chip không chấp nhận số mà ki-ốt đã thử. Hãy nhập 6 chữ số in ở mặt trước thẻ (số CAN).</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="306" />
        <source>The card was moved</source>
        <translation>Thẻ đã bị xê dịch</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="308" />
        <source>Place the card flat on the reader again and keep it still until the reading is done, then tap Try again.</source>
        <translation>Đặt lại thẻ nằm phẳng trên đầu đọc và giữ yên cho đến khi đọc xong, rồi chạm Thử lại.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="313" />
        <source>Your card could not be read</source>
        <translation>Không đọc được thẻ của bạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="315" />
        <source>Take the card off, place it flat on the reader again and tap Try again. If it still fails, please go to the counter.</source>
        <translation>Nhấc thẻ ra, đặt lại nằm phẳng trên đầu đọc và chạm Thử lại. Nếu vẫn không được, vui lòng đến quầy tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="320" />
        <source>The card reader is not available</source>
        <translation>Đầu đọc thẻ hiện không hoạt động</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="321" />
        <source>Please tap Try again in a moment, or go to the counter for help.</source>
        <translation>Vui lòng chạm Thử lại sau giây lát, hoặc đến quầy tiếp nhận để được hỗ trợ.</translation>
    </message>
</context>
<context>
    <name>IdentityView</name>
    <message>
        <location filename="../intake/views.py" line="112" />
        <source>No card was read yet. Place your chip ID card on the reader.</source>
        <translation>Chưa đọc được thẻ. Vui lòng đặt thẻ căn cước gắn chip lên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="120" />
        <source>Your identity</source>
        <translation>Thông tin của bạn</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="123" />
        <source>Place your chip ID card on the reader.</source>
        <translation>Vui lòng đặt thẻ căn cước gắn chip lên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="127" />
        <source>%1, ID card ending in %2. Is this you?</source>
        <translation>%1, thẻ căn cước có số cuối %2. Đúng là bạn?</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="131" />
        <source>Yes, continue</source>
        <translation>Đúng, tiếp tục</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../main_window.py" line="97" />
        <source>Cancel and erase everything you entered?</source>
        <translation>Huỷ và xoá mọi thông tin bạn đã nhập?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="98" />
        <source>Yes, cancel</source>
        <translation>Có, huỷ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="99" />
        <source>No, continue</source>
        <translation>Không, tiếp tục</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="135" />
        <source>Are you still there? In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Bạn vẫn đang sử dụng? Sau %n giây phiên làm việc sẽ kết thúc và thông tin bạn đã nhập sẽ bị xoá.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.py" line="146" />
        <source>I need more time</source>
        <translation>Tôi cần thêm thời gian</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="147" />
        <source>End now</source>
        <translation>Kết thúc ngay</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../screens/overview.py" line="37" />
        <source>How it works</source>
        <translation>Các bước thực hiện</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="39" />
        <source>1. Place your chip ID card on the reader.</source>
        <translation>1. Đặt thẻ căn cước gắn chip lên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="40" />
        <source>2. Choose the procedure and answer a few questions.</source>
        <translation>2. Chọn thủ tục và trả lời một vài câu hỏi.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="41" />
        <source>3. Put each paper under the camera when asked.</source>
        <translation>3. Đặt từng giấy tờ dưới camera khi được yêu cầu.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="42" />
        <source>4. Check, agree, and take your receipt with the dossier code.</source>
        <translation>4. Kiểm tra, đồng ý và nhận giấy tiếp nhận có mã hồ sơ.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="47" />
        <source>Have your ID card and the papers for your procedure ready. About 10 minutes.</source>
        <translation>Hãy chuẩn bị thẻ căn cước và giấy tờ của thủ tục. Khoảng 10 phút.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="49" />
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="50" />
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>PaperView</name>
    <message>
        <location filename="../intake/views.py" line="215" />
        <source>Original</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="216" />
        <source>Copy</source>
        <translation>Bản sao</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="217" />
        <source>Certified copy</source>
        <translation>Bản sao có chứng thực</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="218" />
        <source>Original or certified copy</source>
        <translation>Bản chính hoặc bản sao có chứng thực</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="219" />
        <source>Original, to show (it is given back)</source>
        <translation>Bản chính để đối chiếu (được trả lại)</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="235" />
        <source>%1. Put it under the camera, one page at a time (%2 pages).</source>
        <translation>%1. Đặt dưới camera, từng trang một (%2 trang).</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="239" />
        <source>Capture with the camera</source>
        <translation>Chụp bằng camera</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="240" />
        <source>I do not have this paper</source>
        <translation>Tôi không có giấy tờ này</translation>
    </message>
</context>
<context>
    <name>ProcedureScreen</name>
    <message>
        <location filename="../intake/browse.py" line="95" />
        <source>All fields</source>
        <translation>Tất cả lĩnh vực</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="139" />
        <source>Agency</source>
        <translation>Cơ quan giải quyết</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="140" />
        <source>Time</source>
        <translation>Thời hạn giải quyết</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="141" />
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="153" />
        <source>Papers to bring</source>
        <translation>Giấy tờ cần mang theo</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="157" />
        <source> (only in some cases)</source>
        <translation> (chỉ trong một số trường hợp)</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="171" />
        <source>Choose your procedure</source>
        <translation>Chọn thủ tục</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="172" />
        <source>Type a few words, e.g. khai sinh</source>
        <translation>Gõ vài chữ, ví dụ: khai sinh</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="173" />
        <source>Nothing found. Try other words, or ask at the counter.</source>
        <translation>Không tìm thấy. Hãy thử từ khác hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="174" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="175" />
        <source>Back to the list</source>
        <translation>Quay lại danh sách</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="176" />
        <source>Start this procedure</source>
        <translation>Bắt đầu thủ tục này</translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <location filename="../intake/views.py" line="183" />
        <source>(optional)</source>
        <translation>(không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="191" />
        <source>day/month/year</source>
        <translation>ngày/tháng/năm</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../receipt/screen.py" line="163" />
        <source>Your dossier code:</source>
        <translation>Mã hồ sơ của bạn:</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="166" />
        <source>Your result will be ready at {when}.</source>
        <translation>Kết quả sẽ có vào {when}.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="167" />
        <source>Try printing again</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="168" />
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="170" />
        <source>Printing your receipt…</source>
        <translation>Đang in giấy tiếp nhận…</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="171" />
        <source>Your dossier has been received. Please wait a moment.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận. Vui lòng chờ trong giây lát.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="173" />
        <source>Please take your receipt</source>
        <translation>Vui lòng nhận giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="176" />
        <source>Your dossier has been received. Keep the receipt: you need it to collect the result.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận. Hãy giữ giấy này: bạn cần nó khi nhận kết quả.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="184" />
        <source>Your receipt could not be printed</source>
        <translation>Không in được giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="185" />
        <source>Your dossier has been received and is safe.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận và lưu an toàn.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="188" />
        <source>The printer has run out of paper.</source>
        <translation>Máy in đã hết giấy.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="189" />
        <source>The printer's cover is open.</source>
        <translation>Nắp máy in đang mở.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="190" />
        <source>The printer is not responding.</source>
        <translation>Máy in không phản hồi.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="193" />
        <source>The printer has a problem.</source>
        <translation>Máy in đang gặp sự cố.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="196" />
        <source>Take a photo of your receipt below: its QR code opens your dossier online.</source>
        <translation>Hãy chụp ảnh giấy tiếp nhận dưới đây: mã QR trên đó mở hồ sơ của bạn trên mạng.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="199" />
        <source>For a printed copy, please go to the one-stop counter: {counter}.</source>
        <translation>Để nhận bản in, vui lòng đến bộ phận một cửa: {counter}.</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../intake/finish.py" line="57" />
        <source>Check your answers</source>
        <translation>Kiểm tra thông tin đã khai</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="58" />
        <source>Tap Change to correct an answer.</source>
        <translation>Chạm "Sửa" để sửa thông tin.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="60" />
        <source>Change</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="65" />
        <source>To pay: %1. If you submit now, the result is ready at %2.</source>
        <translation>Số tiền phải nộp: %1. Nếu nộp ngay, hẹn trả kết quả lúc %2.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="69" />
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <location filename="../intake/views.py" line="90" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="91" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="92" />
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
</TS>