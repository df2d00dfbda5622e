<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AccessibilityBar</name>
    <message>
        <location filename="../accessibility.py" line="170" />
        <source>Accessibility</source>
        <translation>Hỗ trợ tiếp cận</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="171" />
        <source>A+ Larger text</source>
        <translation>A+ Chữ to hơn</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="172" />
        <source>Makes all text on the screen larger.</source>
        <translation>Phóng to toàn bộ chữ trên màn hình.</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="173" />
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="175" />
        <source>White and yellow text on black, easier to read.</source>
        <translation>Chữ trắng và vàng trên nền đen, dễ đọc hơn.</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="177" />
        <source>Read aloud</source>
        <translation>Đọc thành tiếng</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="179" />
        <source>Reads the instruction of each screen aloud.</source>
        <translation>Đọc to hướng dẫn của từng màn hình.</translation>
    </message>
</context>
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
    <name>CaptureView</name>
    <message>
        <location filename="../capture/view.py" line="144" />
        <source>Paper %1 of %2</source>
        <translation>Giấy tờ thứ %1 trong số %2</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="157" />
        <source>Lay it under the camera, one page at a time. The picture is taken by itself when the page is still and clear.</source>
        <translation>Đặt giấy tờ dưới camera, từng trang một. Ảnh sẽ tự động được chụp khi trang nằm yên và rõ nét.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="164" />
        <source>Take picture</source>
        <translation>Chụp ảnh</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="165" />
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="166" />
        <source>Keep the page as it was</source>
        <translation>Giữ nguyên trang cũ</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="167" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="168" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="169" />
        <source>I do not have this paper</source>
        <translation>Tôi không có giấy tờ này</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="170" />
        <source>Done with this paper</source>
        <translation>Xong giấy tờ này</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="173" />
        <source>The camera is not working. Your pages so far are kept. Please ask staff for help, or tap Try again.</source>
        <translation>Camera đang không hoạt động. Các trang đã chụp vẫn được giữ lại. Vui lòng nhờ cán bộ hỗ trợ, hoặc chạm Thử lại.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="263" />
        <source>Original</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="264" />
        <source>Copy</source>
        <translation>Bản sao</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="265" />
        <source>Certified copy</source>
        <translation>Bản sao có chứng thực</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="266" />
        <source>Original or certified copy</source>
        <translation>Bản chính hoặc bản sao có chứng thực</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="267" />
        <source>Original, to show (it is given back)</source>
        <translation>Bản chính để đối chiếu (được trả lại)</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="321" />
        <source>Pages taken: %1 of %2</source>
        <translation>Số trang đã chụp: %1/%2</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="324" />
        <source>Pages taken: %1 (%2 to %3 pages)</source>
        <translation>Số trang đã chụp: %1 (từ %2 đến %3 trang)</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="332" />
        <source>Put page %1 under the camera again: the next picture replaces it.</source>
        <translation>Đặt lại trang %1 dưới camera: ảnh chụp tiếp theo sẽ thay thế trang này.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="342" />
        <source>The paper could not be saved. Tap Done again, or ask staff for help.</source>
        <translation>Không lưu được giấy tờ. Vui lòng chạm Xong giấy tờ này một lần nữa, hoặc nhờ cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="345" />
        <source>Page %1</source>
        <translation>Trang %1</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="346" />
        <source>Retake</source>
        <translation>Chụp lại</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="347" />
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="352" />
        <source>Starting the camera…</source>
        <translation>Đang khởi động camera…</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="354" />
        <source>Saving your paper…</source>
        <translation>Đang lưu giấy tờ của bạn…</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="356" />
        <location filename="../capture/view.py" line="358" />
        <source>Put the page under the camera.</source>
        <translation>Hãy đặt trang giấy dưới camera.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="359" />
        <source>Hold the page still.</source>
        <translation>Giữ yên trang giấy.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="360" />
        <source>Hold still: the page is not sharp yet.</source>
        <translation>Giữ yên: trang giấy chưa rõ nét.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="361" />
        <source>The page is too dark. Please ask staff to check the light.</source>
        <translation>Trang giấy quá tối. Vui lòng nhờ cán bộ kiểm tra đèn chiếu sáng.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="362" />
        <source>The page is too bright: move it out of the direct light.</source>
        <translation>Trang giấy quá sáng: hãy dời giấy ra khỏi chỗ ánh sáng chiếu thẳng.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="363" />
        <source>Light is reflecting on the page: tilt it a little.</source>
        <translation>Ánh sáng đang phản chiếu trên trang giấy: hãy nghiêng giấy một chút.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="364" />
        <source>The page is good.</source>
        <translation>Trang giấy đạt yêu cầu.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="374" />
        <source>All pages are taken. Check them below, then tap Done with this paper.</source>
        <translation>Đã chụp đủ các trang. Hãy kiểm tra các trang bên dưới, rồi chạm Xong giấy tờ này.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="378" />
        <source>Page taken. Put the next page, or tap Done with this paper if there is no other page.</source>
        <translation>Đã chụp trang. Hãy đặt trang tiếp theo, hoặc chạm Xong giấy tờ này nếu không còn trang nào khác.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="381" />
        <source>Page taken. Put the next page under the camera.</source>
        <translation>Đã chụp trang. Hãy đặt trang tiếp theo dưới camera.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="384" />
        <source>No page was found. Put the page under the camera and try again.</source>
        <translation>Không tìm thấy trang giấy. Hãy đặt trang giấy dưới camera rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="387" />
        <source>All pages are taken. Delete or retake a page to change it.</source>
        <translation>Đã chụp đủ các trang. Muốn thay đổi, hãy xóa hoặc chụp lại một trang.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="389" />
        <source>The page was deleted.</source>
        <translation>Đã xóa trang.</translation>
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
    <name>DatePicker</name>
    <message>
        <location filename="../keyboard/date_picker.py" line="164" />
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../keyboard/date_picker.py" line="165" />
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <location filename="../keyboard/date_picker.py" line="166" />
        <source>Year</source>
        <translation>Năm</translation>
    </message>
</context>
<context>
    <name>DigitKeypad</name>
    <message>
        <location filename="../identity/keypad.py" line="141" />
        <location filename="../identity/keypad.py" line="143" />
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <location filename="../identity/keypad.py" line="142" />
        <source>Delete the last digit</source>
        <translation>Xóa chữ số cuối</translation>
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
    <name>GoodbyeScreen</name>
    <message numerus="yes">
        <location filename="../journey/goodbye.py" line="69" />
        <source>This screen closes in %n second(s).</source>
        <translation>
            <numerusform>Màn hình này sẽ đóng sau %n giây.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="73" />
        <source>Thank you, you are done</source>
        <translation>Cảm ơn bạn, thủ tục đã hoàn tất</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="74" />
        <source>Please take your ID card and your receipt.</source>
        <translation>Xin nhận lại thẻ căn cước và giấy tiếp nhận hồ sơ.</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="79" />
        <source>The center now checks your dossier {code}. Come back with your receipt and your original papers from {when}, at {where}. If anything is missing, you will be contacted.</source>
        <translation>Trung tâm sẽ kiểm tra hồ sơ {code} của bạn. Từ {when}, mời bạn mang giấy tiếp nhận và bản chính giấy tờ đến {where} để nhận kết quả. Nếu hồ sơ còn thiếu, cán bộ sẽ liên hệ với bạn.</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="85" />
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
</context>
<context>
    <name>IdentityScreen</name>
    <message>
        <location filename="../identity/screen.py" line="494" />
        <source>Read my card</source>
        <translation>Đọc thẻ của tôi</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="434" />
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="435" />
        <source>Yes, this is me</source>
        <translation>Đúng, đây là tôi</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="436" />
        <source>Read with this number</source>
        <translation>Đọc bằng số này</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="437" />
        <source>6 digits</source>
        <translation>6 chữ số</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="438" />
        <source>Use the code on the back (MRZ)</source>
        <translation>Dùng mã ở mặt sau thẻ (MRZ)</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="439" />
        <source>Use the 6 digits on the front</source>
        <translation>Dùng 6 chữ số ở mặt trước</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="440" />
        <source>Read with these details</source>
        <translation>Đọc thẻ với thông tin này</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="441" />
        <source>Document number: the last 9 digits of your ID number</source>
        <translation>Số giấy tờ: 9 chữ số cuối của số định danh cá nhân</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="442" />
        <source>9 digits</source>
        <translation>9 chữ số</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="443" />
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="444" />
        <source>Date of expiry</source>
        <translation>Ngày hết hạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="446" />
        <source>DD/MM/YYYY</source>
        <translation>NN/TT/NNNN</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="447" />
        <source>No expiry date</source>
        <translation>Không thời hạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="460" />
        <source>The 6 digits did not match: check the number on the front of your card.</source>
        <translation>6 chữ số không khớp: vui lòng kiểm tra lại dãy số ở mặt trước thẻ.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="463" />
        <source>The details did not match: check the document number and the dates against the code on the back of your card.</source>
        <translation>Thông tin không khớp: vui lòng đối chiếu số giấy tờ và các ngày với mã ở mặt sau thẻ.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="466" />
        <source>Type all 9 digits of the document number.</source>
        <translation>Vui lòng nhập đủ 9 chữ số của số giấy tờ.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="468" />
        <source>Check the date of birth: type the day, the month and the year (DD/MM/YYYY).</source>
        <translation>Vui lòng kiểm tra ngày sinh: nhập ngày, tháng và năm (NN/TT/NNNN).</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="471" />
        <source>Check the date of expiry: type the day, the month and the year (DD/MM/YYYY), or tap No expiry date.</source>
        <translation>Vui lòng kiểm tra ngày hết hạn: nhập ngày, tháng và năm (NN/TT/NNNN), hoặc chạm Không thời hạn.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="483" />
        <source>ID number: {number}</source>
        <translation>Số định danh: {number}</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="489" />
        <source>The chip data is genuine.</source>
        <translation>Dữ liệu trong chip là xác thực.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="490" />
        <source>The chip data was read but cannot be verified.</source>
        <translation>Đã đọc dữ liệu trong chip nhưng chưa thể xác thực.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="499" />
        <source>Place your card on the reader</source>
        <translation>Đặt thẻ lên đầu đọc</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="500" />
        <source>Lay your citizen identity card flat on the reader, then tap Read my card.</source>
        <translation>Đặt thẻ căn cước nằm phẳng trên đầu đọc, rồi chạm Đọc thẻ của tôi.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="508" />
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="509" />
        <source>Keep the card still on the reader until the reading is done.</source>
        <translation>Giữ yên thẻ trên đầu đọc cho đến khi đọc xong.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="512" />
        <source>Is this you?</source>
        <translation>Đây có phải là bạn?</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="513" />
        <source>Check your name and photo, then tap Yes, this is me.</source>
        <translation>Kiểm tra họ tên và ảnh, rồi chạm Đúng, đây là tôi.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="516" />
        <source>Your card could not be verified</source>
        <translation>Không xác thực được thẻ của bạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="518" />
        <source>The chip data could not be verified as genuine; please go to the counter.</source>
        <translation>Không xác thực được dữ liệu trong chip; vui lòng đến quầy tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="522" />
        <source>Please type the card number</source>
        <translation>Vui lòng nhập số trên thẻ</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="524" />
        <source>The chip did not accept the number the kiosk tried. Type the 6 digits printed on the front of your card (CAN).</source>
        <translation>Chip không chấp nhận số mà ki-ốt đã thử. Hãy nhập 6 chữ số in ở mặt trước thẻ (số CAN).</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="529" />
        <source>Type the code from the back of your card</source>
        <translation>Nhập thông tin từ mã ở mặt sau thẻ</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="531" />
        <source>Find the lines of letters and digits on the back of your card, then type the document number and the two dates with the keypad.</source>
        <translation>Tìm các dòng chữ và số ở mặt sau thẻ, rồi dùng bàn phím số để nhập số giấy tờ và hai ngày: ngày sinh, ngày hết hạn.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="536" />
        <source>The card was moved</source>
        <translation>Thẻ đã bị xê dịch</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="538" />
        <source>Place the card flat on the reader again and keep it still until the reading is done, then tap Try again.</source>
        <translation>Đặt lại thẻ nằm phẳng trên đầu đọc và giữ yên cho đến khi đọc xong, rồi chạm Thử lại.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="543" />
        <source>Your card could not be read</source>
        <translation>Không đọc được thẻ của bạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="545" />
        <source>Take the card off, place it flat on the reader again and tap Try again. If it still fails, please go to the counter.</source>
        <translation>Nhấc thẻ ra, đặt lại nằm phẳng trên đầu đọc và chạm Thử lại. Nếu vẫn không được, vui lòng đến quầy tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="550" />
        <source>The card reader is not available</source>
        <translation>Đầu đọc thẻ hiện không hoạt động</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="551" />
        <source>Please tap Try again in a moment, or go to the counter for help.</source>
        <translation>Vui lòng chạm Thử lại sau giây lát, hoặc đến quầy tiếp nhận để được hỗ trợ.</translation>
    </message>
</context>
<context>
    <name>IdentityStep</name>
    <message>
        <location filename="../journey/identity_step.py" line="199" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="200" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="202" />
        <source>QR code read. Keep the card on the reader.</source>
        <translation>Đã đọc mã QR. Xin để thẻ trên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="204" />
        <source>The camera is not working: type the card number when asked.</source>
        <translation>Camera đang không hoạt động: xin nhập số trên thẻ khi được hỏi.</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="206" />
        <source>Camera: looking for the QR code on your card…</source>
        <translation>Camera đang tìm mã QR trên thẻ của bạn…</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../main_window.py" line="157" />
        <source>Cancel and erase everything you entered?</source>
        <translation>Huỷ và xoá mọi thông tin bạn đã nhập?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="161" />
        <source>Yes, cancel</source>
        <translation>Có, huỷ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="162" />
        <source>No, continue</source>
        <translation>Không, tiếp tục</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="211" />
        <source>Are you still there? In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Bạn vẫn đang sử dụng? Sau %n giây phiên làm việc sẽ kết thúc và thông tin bạn đã nhập sẽ bị xoá.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.py" line="223" />
        <source>I need more time</source>
        <translation>Tôi cần thêm thời gian</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="224" />
        <location filename="../main_window.py" line="241" />
        <source>End now</source>
        <translation>Kết thúc ngay</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="229" />
        <source>Your card was taken off the reader. Put it back to continue. In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Thẻ đã được lấy ra khỏi đầu đọc. Xin đặt lại thẻ để tiếp tục. Sau %n giây phiên làm việc sẽ kết thúc và thông tin bạn đã nhập sẽ bị xoá.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../keyboard/keyboard.py" line="295" />
        <source>Space</source>
        <translation>Dấu cách</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="296" />
        <location filename="../keyboard/keyboard.py" line="297" />
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="298" />
        <location filename="../keyboard/keyboard.py" line="299" />
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="300" />
        <source>Capital letters</source>
        <translation>Chữ hoa</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="302" />
        <source>Telex</source>
        <translation>Telex</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="303" />
        <source>VNI</source>
        <translation>VNI</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="304" />
        <source>No accents</source>
        <translation>Không dấu</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../screens/overview.py" line="41" />
        <source>How it works</source>
        <translation>Các bước thực hiện</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="43" />
        <source>1. Choose your procedure: the kiosk says which papers to bring.</source>
        <translation>1. Chọn thủ tục: máy sẽ cho biết cần mang những giấy tờ gì.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="44" />
        <source>2. Show your chip ID card to the camera and lay it on the reader.</source>
        <translation>2. Đưa thẻ căn cước gắn chip vào dưới camera rồi đặt thẻ lên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="45" />
        <source>3. Answer a few questions and put each paper under the camera.</source>
        <translation>3. Trả lời một vài câu hỏi và đặt từng giấy tờ dưới camera.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="46" />
        <source>4. Check, agree, and take your receipt with the dossier code.</source>
        <translation>4. Kiểm tra, đồng ý và nhận giấy tiếp nhận có mã hồ sơ.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="51" />
        <source>Have your ID card and the papers for your procedure ready. About 10 minutes.</source>
        <translation>Hãy chuẩn bị thẻ căn cước và giấy tờ của thủ tục. Khoảng 10 phút.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="53" />
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="54" />
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>ProcedureScreen</name>
    <message>
        <location filename="../intake/browse.py" line="120" />
        <source>All fields</source>
        <translation>Tất cả lĩnh vực</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="171" />
        <source>Agency</source>
        <translation>Cơ quan giải quyết</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="172" />
        <source>Time</source>
        <translation>Thời hạn giải quyết</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="173" />
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="185" />
        <source>Papers to bring</source>
        <translation>Giấy tờ cần mang theo</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="189" />
        <source> (only in some cases)</source>
        <translation> (chỉ trong một số trường hợp)</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="203" />
        <source>Choose your procedure</source>
        <translation>Chọn thủ tục</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="204" />
        <source>Type a few words, e.g. khai sinh</source>
        <translation>Gõ vài chữ, ví dụ: khai sinh</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="205" />
        <source>Nothing found. Try other words, or ask at the counter.</source>
        <translation>Không tìm thấy. Hãy thử từ khác hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="206" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="207" />
        <source>Back to the list</source>
        <translation>Quay lại danh sách</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="208" />
        <source>Start this procedure</source>
        <translation>Bắt đầu thủ tục này</translation>
    </message>
</context>
<context>
    <name>QrFirstIdentityScreen</name>
    <message>
        <location filename="../journey/identity_step.py" line="43" />
        <source>Show your card to the camera</source>
        <translation>Đưa thẻ của bạn vào dưới camera</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="45" />
        <source>1. Hold the back of your card, with the QR code, under the camera.
2. Then lay the card flat on the reader. The kiosk reads it by itself.</source>
        <translation>1. Đưa mặt sau của thẻ (có mã QR) vào dưới camera.
2. Sau đó đặt thẻ nằm phẳng trên đầu đọc. Máy sẽ tự đọc thẻ.</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="51" />
        <source>No QR code? Type the card number</source>
        <translation>Không có mã QR? Nhập số trên thẻ</translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <location filename="../intake/views.py" line="172" />
        <source>(optional)</source>
        <translation>(không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="180" />
        <source>day/month/year</source>
        <translation>ngày/tháng/năm</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../journey/rating.py" line="100" />
        <source>How was your visit?</source>
        <translation>Bạn có hài lòng với lần làm thủ tục này không?</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="101" />
        <source>Tap one answer. This is anonymous and optional.</source>
        <translation>Chạm vào một câu trả lời. Đánh giá là ẩn danh và không bắt buộc.</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="103" />
        <source>Very satisfied</source>
        <translation>Rất hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="104" />
        <source>Satisfied</source>
        <translation>Hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="105" />
        <source>Neither satisfied nor dissatisfied</source>
        <translation>Bình thường</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="106" />
        <source>Dissatisfied</source>
        <translation>Không hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="107" />
        <source>Very dissatisfied</source>
        <translation>Rất không hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="111" />
        <source>Add a comment first</source>
        <translation>Viết góp ý trước</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="113" />
        <source>Write your comment, then tap an answer above. Please do not write your name.</source>
        <translation>Viết góp ý, rồi chạm vào một câu trả lời ở trên. Xin đừng ghi họ tên của bạn.</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="115" />
        <source>Skip</source>
        <translation>Bỏ qua</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../receipt/screen.py" line="162" />
        <source>Your dossier code:</source>
        <translation>Mã hồ sơ của bạn:</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="165" />
        <source>Your result will be ready at {when}.</source>
        <translation>Kết quả sẽ có vào {when}.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="166" />
        <source>Try printing again</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="167" />
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="169" />
        <source>Printing your receipt…</source>
        <translation>Đang in giấy tiếp nhận…</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="170" />
        <source>Your dossier has been received. Please wait a moment.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận. Vui lòng chờ trong giây lát.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="172" />
        <source>Please take your receipt</source>
        <translation>Vui lòng nhận giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="175" />
        <source>Your dossier has been received. Keep the receipt: you need it to collect the result.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận. Hãy giữ giấy này: bạn cần nó khi nhận kết quả.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="183" />
        <source>Your receipt could not be printed</source>
        <translation>Không in được giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="184" />
        <source>Your dossier has been received and is safe.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận và lưu an toàn.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="187" />
        <source>The printer has run out of paper.</source>
        <translation>Máy in đã hết giấy.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="188" />
        <source>The printer's cover is open.</source>
        <translation>Nắp máy in đang mở.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="189" />
        <source>The printer is not responding.</source>
        <translation>Máy in không phản hồi.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="192" />
        <source>The printer has a problem.</source>
        <translation>Máy in đang gặp sự cố.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="195" />
        <source>Take a photo of your receipt below: its QR code opens your dossier online.</source>
        <translation>Hãy chụp ảnh giấy tiếp nhận dưới đây: mã QR trên đó mở hồ sơ của bạn trên mạng.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="198" />
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
    <name>SavingView</name>
    <message>
        <location filename="../intake/finish.py" line="196" />
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="197" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="199" />
        <source>Your dossier could not be saved</source>
        <translation>Chưa lưu được hồ sơ của bạn</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="202" />
        <source>The kiosk could not store your dossier, so it was NOT submitted. Tap Try again. If it fails again, please go to the one-stop counter; staff have been alerted.</source>
        <translation>Máy kiosk chưa lưu được hồ sơ nên hồ sơ CHƯA được nộp. Xin chạm Thử lại. Nếu vẫn không được, mời bạn đến Bộ phận Một cửa; cán bộ đã được báo.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="208" />
        <source>Submitting your dossier…</source>
        <translation>Đang nộp hồ sơ của bạn…</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="209" />
        <source>Please wait a moment and keep your card on the reader.</source>
        <translation>Xin chờ một chút và để thẻ trên đầu đọc.</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <location filename="../intake/views.py" line="95" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="96" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="97" />
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
</TS>