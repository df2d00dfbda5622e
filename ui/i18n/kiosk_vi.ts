<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AccessibilityBar</name>
    <message>
        <location filename="../accessibility.py" line="176"/>
        <source>Accessibility</source>
        <translation>Hỗ trợ tiếp cận</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="177"/>
        <source>A+ Larger text</source>
        <translation>A+ Chữ to hơn</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="178"/>
        <source>Makes all text on the screen larger.</source>
        <translation>Phóng to toàn bộ chữ trên màn hình.</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="179"/>
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="181"/>
        <source>White and yellow text on black, easier to read.</source>
        <translation>Chữ trắng và vàng trên nền đen, dễ đọc hơn.</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="183"/>
        <source>Read aloud</source>
        <translation>Đọc thành tiếng</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="185"/>
        <source>Reads the instruction of each screen aloud.</source>
        <translation>Đọc to hướng dẫn của từng màn hình.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="65"/>
        <source>Self-service dossier reception</source>
        <translation>Tiếp nhận hồ sơ tự động</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="68"/>
        <source>Touch Start or place your chip ID card on the reader to begin.</source>
        <translation>Chạm nút Bắt đầu hoặc đặt thẻ căn cước gắn chip lên đầu đọc để bắt đầu.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="70"/>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Bộ nhớ</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>Center link</source>
        <translation>Kết nối trung tâm</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>Đọc thành tiếng</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Thiết bị khác</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>sẵn sàng</translation>
    </message>
    <message>
        <source>fault</source>
        <translation>có lỗi</translation>
    </message>
</context>
<context>
    <name>CaptureView</name>
    <message>
        <location filename="../capture/view.py" line="146"/>
        <source>Paper %1 of %2</source>
        <translation>Giấy tờ thứ %1 trong số %2</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="159"/>
        <source>Lay it under the camera, one page at a time. The picture is taken by itself when the page is still and clear.</source>
        <translation>Đặt giấy tờ dưới camera, từng trang một. Ảnh sẽ tự động được chụp khi trang nằm yên và rõ nét.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="166"/>
        <source>Take picture</source>
        <translation>Chụp ảnh</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="167"/>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="168"/>
        <source>Keep the page as it was</source>
        <translation>Giữ nguyên trang cũ</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="169"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="170"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="171"/>
        <source>I do not have this paper</source>
        <translation>Tôi không có giấy tờ này</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="172"/>
        <source>Done with this paper</source>
        <translation>Xong giấy tờ này</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="175"/>
        <source>The camera is not working. Your pages so far are kept. Please ask staff for help, or tap Try again.</source>
        <translation>Camera đang không hoạt động. Các trang đã chụp vẫn được giữ lại. Vui lòng nhờ cán bộ hỗ trợ, hoặc chạm Thử lại.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="265"/>
        <source>Original</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="266"/>
        <source>Copy</source>
        <translation>Bản sao</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="267"/>
        <source>Certified copy</source>
        <translation>Bản sao có chứng thực</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="268"/>
        <source>Original or certified copy</source>
        <translation>Bản chính hoặc bản sao có chứng thực</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="269"/>
        <source>Original, to show (it is given back)</source>
        <translation>Bản chính để đối chiếu (được trả lại)</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="323"/>
        <source>Pages taken: %1 of %2</source>
        <translation>Số trang đã chụp: %1/%2</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="326"/>
        <source>Pages taken: %1 (%2 to %3 pages)</source>
        <translation>Số trang đã chụp: %1 (từ %2 đến %3 trang)</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="334"/>
        <source>Put page %1 under the camera again: the next picture replaces it.</source>
        <translation>Đặt lại trang %1 dưới camera: ảnh chụp tiếp theo sẽ thay thế trang này.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="344"/>
        <source>The paper could not be saved. Tap Done again, or ask staff for help.</source>
        <translation>Không lưu được giấy tờ. Vui lòng chạm Xong giấy tờ này một lần nữa, hoặc nhờ cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="347"/>
        <source>Page %1</source>
        <translation>Trang %1</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="348"/>
        <source>Retake</source>
        <translation>Chụp lại</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="349"/>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="354"/>
        <source>Starting the camera…</source>
        <translation>Đang khởi động camera…</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="356"/>
        <source>Saving your paper…</source>
        <translation>Đang lưu giấy tờ của bạn…</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="358"/>
        <location filename="../capture/view.py" line="360"/>
        <source>Put the page under the camera.</source>
        <translation>Hãy đặt trang giấy dưới camera.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="361"/>
        <source>Hold the page still.</source>
        <translation>Giữ yên trang giấy.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="362"/>
        <source>Hold still: the page is not sharp yet.</source>
        <translation>Giữ yên: trang giấy chưa rõ nét.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="363"/>
        <source>The page is too dark. Please ask staff to check the light.</source>
        <translation>Trang giấy quá tối. Vui lòng nhờ cán bộ kiểm tra đèn chiếu sáng.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="364"/>
        <source>The page is too bright: move it out of the direct light.</source>
        <translation>Trang giấy quá sáng: hãy dời giấy ra khỏi chỗ ánh sáng chiếu thẳng.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="365"/>
        <source>Light is reflecting on the page: tilt it a little.</source>
        <translation>Ánh sáng đang phản chiếu trên trang giấy: hãy nghiêng giấy một chút.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="366"/>
        <source>The page is good.</source>
        <translation>Trang giấy đạt yêu cầu.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="376"/>
        <source>All pages are taken. Check them below, then tap Done with this paper.</source>
        <translation>Đã chụp đủ các trang. Hãy kiểm tra các trang bên dưới, rồi chạm Xong giấy tờ này.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="380"/>
        <source>Page taken. Put the next page, or tap Done with this paper if there is no other page.</source>
        <translation>Đã chụp trang. Hãy đặt trang tiếp theo, hoặc chạm Xong giấy tờ này nếu không còn trang nào khác.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="383"/>
        <source>Page taken. Put the next page under the camera.</source>
        <translation>Đã chụp trang. Hãy đặt trang tiếp theo dưới camera.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="386"/>
        <source>No page was found. Put the page under the camera and try again.</source>
        <translation>Không tìm thấy trang giấy. Hãy đặt trang giấy dưới camera rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="389"/>
        <source>All pages are taken. Delete or retake a page to change it.</source>
        <translation>Đã chụp đủ các trang. Muốn thay đổi, hãy xóa hoặc chụp lại một trang.</translation>
    </message>
    <message>
        <location filename="../capture/view.py" line="391"/>
        <source>The page was deleted.</source>
        <translation>Đã xóa trang.</translation>
    </message>
</context>
<context>
    <name>ConsentView</name>
    <message>
        <location filename="../intake/finish.py" line="151"/>
        <source>More text below: swipe up to read it.</source>
        <translation>Còn nội dung bên dưới: vuốt lên để đọc tiếp.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="159"/>
        <source>Your personal data</source>
        <translation>Dữ liệu cá nhân của bạn</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="160"/>
        <source>Read this before you submit.</source>
        <translation>Vui lòng đọc trước khi nộp hồ sơ.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="163"/>
        <source>Scan this code to read the full notice on your phone.</source>
        <translation>Quét mã này bằng điện thoại để đọc toàn văn thông báo.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="165"/>
        <source>I have read this and I agree</source>
        <translation>Tôi đã đọc và đồng ý</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="167"/>
        <source>Submit my dossier</source>
        <translation>Nộp hồ sơ</translation>
    </message>
</context>
<context>
    <name>DatePicker</name>
    <message>
        <location filename="../keyboard/date_picker.py" line="163"/>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../keyboard/date_picker.py" line="164"/>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <location filename="../keyboard/date_picker.py" line="165"/>
        <source>Year</source>
        <translation>Năm</translation>
    </message>
</context>
<context>
    <name>DigitKeypad</name>
    <message>
        <location filename="../identity/keypad.py" line="142"/>
        <location filename="../identity/keypad.py" line="144"/>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <location filename="../identity/keypad.py" line="143"/>
        <source>Delete the last digit</source>
        <translation>Xóa chữ số cuối</translation>
    </message>
</context>
<context>
    <name>DoneView</name>
    <message>
        <location filename="../intake/finish.py" line="210"/>
        <source>Your dossier has been received</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="211"/>
        <source>Dossier code: %1</source>
        <translation>Mã hồ sơ: %1</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="212"/>
        <source>the one-stop counter</source>
        <translation>Bộ phận Một cửa</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="214"/>
        <source>Result ready from %1, at %2. To pay: %3.</source>
        <translation>Hẹn trả kết quả từ %1, tại %2. Số tiền phải nộp: %3.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="221"/>
        <source>What happens next: take your receipt. The center checks your dossier and gives it its official code; if anything is missing you will be called. Bring the original papers when you collect the result.</source>
        <translation>Tiếp theo: nhận giấy tiếp nhận. Trung tâm kiểm tra hồ sơ và cấp mã hồ sơ chính thức; nếu còn thiếu, bạn sẽ được liên hệ. Mang theo bản chính giấy tờ khi đến nhận kết quả.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="226"/>
        <source>Take my receipt</source>
        <translation>Nhận giấy tiếp nhận</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message numerus="yes">
        <location filename="../journey/goodbye.py" line="124"/>
        <source>This screen closes in %n second(s).</source>
        <translation>
            <numerusform>Màn hình này sẽ đóng sau %n giây.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="121"/>
        <source>This screen closes when you take your card.</source>
        <translation>Màn hình này sẽ đóng khi bạn nhận lại thẻ.</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="128"/>
        <source>Take back your ID card</source>
        <translation>Nhận lại thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="130"/>
        <source>Your ID card is still on the reader. Please take it with you.</source>
        <translation>Thẻ căn cước của bạn vẫn còn trên đầu đọc. Vui lòng nhận lại thẻ.</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="134"/>
        <source>Your dossier has been received. It is not decided yet: the center now checks it.</source>
        <translation>Hồ sơ đã được tiếp nhận. Hồ sơ chưa được giải quyết: Trung tâm sẽ kiểm tra hồ sơ.</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="141"/>
        <source>Dossier {code}. Come back from {when} to {where}, with your receipt and the original papers. If anything is missing, you will be contacted.</source>
        <translation>Hồ sơ {code}. Từ {when}, mời bạn mang giấy tiếp nhận và bản chính các giấy tờ đến {where} để nhận kết quả. Nếu hồ sơ còn thiếu, cán bộ sẽ liên hệ với bạn.</translation>
    </message>
    <message>
        <location filename="../journey/goodbye.py" line="146"/>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
</context>
<context>
    <name>IdentityScreen</name>
    <message>
        <location filename="../identity/screen.py" line="489"/>
        <source>Read my card</source>
        <translation>Đọc thẻ của tôi</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="429"/>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="430"/>
        <source>Yes, this is me</source>
        <translation>Đúng, đây là tôi</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="431"/>
        <source>Read with this number</source>
        <translation>Đọc bằng số này</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="432"/>
        <source>6 digits</source>
        <translation>6 chữ số</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="433"/>
        <source>Use the code on the back (MRZ)</source>
        <translation>Dùng mã ở mặt sau thẻ (MRZ)</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="434"/>
        <source>Use the 6 digits on the front</source>
        <translation>Dùng 6 chữ số ở mặt trước</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="435"/>
        <source>Read with these details</source>
        <translation>Đọc thẻ với thông tin này</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="436"/>
        <source>Document number: the last 9 digits of your ID number</source>
        <translation>Số giấy tờ: 9 chữ số cuối của số định danh cá nhân</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="437"/>
        <source>9 digits</source>
        <translation>9 chữ số</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="438"/>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="439"/>
        <source>Date of expiry</source>
        <translation>Ngày hết hạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="441"/>
        <source>DD/MM/YYYY</source>
        <translation>NN/TT/NNNN</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="442"/>
        <source>No expiry date</source>
        <translation>Không thời hạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="455"/>
        <source>The 6 digits did not match: check the number on the front of your card.</source>
        <translation>6 chữ số không khớp: vui lòng kiểm tra lại dãy số ở mặt trước thẻ.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="458"/>
        <source>The details did not match: check the document number and the dates against the code on the back of your card.</source>
        <translation>Thông tin không khớp: vui lòng đối chiếu số giấy tờ và các ngày với mã ở mặt sau thẻ.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="461"/>
        <source>Type all 9 digits of the document number.</source>
        <translation>Vui lòng nhập đủ 9 chữ số của số giấy tờ.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="463"/>
        <source>Check the date of birth: type the day, the month and the year (DD/MM/YYYY).</source>
        <translation>Vui lòng kiểm tra ngày sinh: nhập ngày, tháng và năm (NN/TT/NNNN).</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="466"/>
        <source>Check the date of expiry: type the day, the month and the year (DD/MM/YYYY), or tap No expiry date.</source>
        <translation>Vui lòng kiểm tra ngày hết hạn: nhập ngày, tháng và năm (NN/TT/NNNN), hoặc chạm Không thời hạn.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="478"/>
        <source>ID number: {number}</source>
        <translation>Số định danh: {number}</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="484"/>
        <source>The chip data is genuine.</source>
        <translation>Dữ liệu trong chip đã được xác thực.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="485"/>
        <source>The chip data was read but cannot be verified.</source>
        <translation>Đã đọc dữ liệu trong chip nhưng chưa thể xác thực.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="494"/>
        <source>Place your card on the reader</source>
        <translation>Đặt thẻ lên đầu đọc</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="495"/>
        <source>Lay your citizen identity card flat on the reader, then tap Read my card.</source>
        <translation>Đặt thẻ căn cước nằm phẳng trên đầu đọc, rồi chạm Đọc thẻ của tôi.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="503"/>
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="504"/>
        <source>Keep the card still on the reader until the reading is done.</source>
        <translation>Giữ yên thẻ trên đầu đọc cho đến khi đọc xong.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="507"/>
        <source>Is this you?</source>
        <translation>Đây có phải là bạn?</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="508"/>
        <source>Check your name and photo, then tap Yes, this is me.</source>
        <translation>Kiểm tra họ tên và ảnh, rồi chạm Đúng, đây là tôi.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="511"/>
        <source>Your card could not be verified</source>
        <translation>Không xác thực được thẻ của bạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="513"/>
        <source>The chip data could not be verified as genuine; please go to the counter.</source>
        <translation>Không xác thực được dữ liệu trong chip; vui lòng đến quầy tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="517"/>
        <source>Please type the card number</source>
        <translation>Vui lòng nhập số trên thẻ</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="519"/>
        <source>The chip did not accept the number the kiosk tried. Type the 6 digits printed on the front of your card (CAN).</source>
        <translation>Chip không chấp nhận số mà ki-ốt đã thử. Hãy nhập 6 chữ số in ở mặt trước thẻ (số CAN).</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="524"/>
        <source>Type the code from the back of your card</source>
        <translation>Nhập thông tin từ mã ở mặt sau thẻ</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="526"/>
        <source>Find the lines of letters and digits on the back of your card, then type the document number and the two dates with the keypad.</source>
        <translation>Tìm các dòng chữ và số ở mặt sau thẻ, rồi dùng bàn phím số để nhập số giấy tờ và hai ngày: ngày sinh, ngày hết hạn.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="531"/>
        <source>The card was moved</source>
        <translation>Thẻ đã bị xê dịch</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="533"/>
        <source>Place the card flat on the reader again and keep it still until the reading is done, then tap Try again.</source>
        <translation>Đặt lại thẻ nằm phẳng trên đầu đọc và giữ yên cho đến khi đọc xong, rồi chạm Thử lại.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="538"/>
        <source>Your card could not be read</source>
        <translation>Không đọc được thẻ của bạn</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="540"/>
        <source>Take the card off, place it flat on the reader again and tap Try again. If it still fails, please go to the counter.</source>
        <translation>Nhấc thẻ ra, đặt lại nằm phẳng trên đầu đọc và chạm Thử lại. Nếu vẫn không được, vui lòng đến quầy tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="545"/>
        <source>The card reader is not available</source>
        <translation>Đầu đọc thẻ hiện không hoạt động</translation>
    </message>
    <message>
        <location filename="../identity/screen.py" line="546"/>
        <source>Please tap Try again in a moment, or go to the counter for help.</source>
        <translation>Vui lòng chạm Thử lại sau giây lát, hoặc đến quầy tiếp nhận để được hỗ trợ.</translation>
    </message>
</context>
<context>
    <name>IdentityStep</name>
    <message>
        <location filename="../journey/identity_step.py" line="199"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="200"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="202"/>
        <source>QR code read. Keep the card on the reader.</source>
        <translation>Đã đọc mã QR. Vui lòng giữ thẻ trên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="204"/>
        <source>The camera is not working: type the card number when asked.</source>
        <translation>Camera đang không hoạt động: vui lòng nhập số trên thẻ khi được hỏi.</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="206"/>
        <source>Camera: looking for the QR code on your card…</source>
        <translation>Camera đang tìm mã QR trên thẻ của bạn…</translation>
    </message>
</context>
<context>
    <name>JourneyHeader</name>
    <message>
        <location filename="../header.py" line="95"/>
        <source>1 Procedure</source>
        <translation>1 Thủ tục</translation>
    </message>
    <message>
        <location filename="../header.py" line="96"/>
        <source>2 ID card</source>
        <translation>2 Thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../header.py" line="97"/>
        <source>3 Questions, papers</source>
        <translation>3 Câu hỏi, giấy tờ</translation>
    </message>
    <message>
        <location filename="../header.py" line="98"/>
        <source>4 Check, receipt</source>
        <translation>4 Kiểm tra, tiếp nhận</translation>
    </message>
    <message>
        <location filename="../header.py" line="103"/>
        <source>Staff called · Cancel call</source>
        <translation>Đã gọi cán bộ · Hủy gọi</translation>
    </message>
    <message>
        <location filename="../header.py" line="104"/>
        <source>Tap to close the call for staff.</source>
        <translation>Chạm để hủy yêu cầu gọi cán bộ.</translation>
    </message>
    <message>
        <location filename="../header.py" line="106"/>
        <source>Call staff</source>
        <translation>Gọi cán bộ hỗ trợ</translation>
    </message>
    <message>
        <location filename="../header.py" line="108"/>
        <source>A staff member comes to help you; what you entered is kept.</source>
        <translation>Cán bộ sẽ đến hỗ trợ bạn; thông tin bạn đã nhập được giữ nguyên.</translation>
    </message>
    <message>
        <location filename="../header.py" line="115"/>
        <source>Step 1 of 4: choose your procedure</source>
        <translation>Bước 1/4: Chọn thủ tục</translation>
    </message>
    <message>
        <location filename="../header.py" line="116"/>
        <source>Step 2 of 4: your ID card</source>
        <translation>Bước 2/4: Thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../header.py" line="117"/>
        <source>Step 3 of 4: question %1 of %2</source>
        <translation>Bước 3/4: Câu hỏi %1/%2</translation>
    </message>
    <message>
        <location filename="../header.py" line="118"/>
        <source>Step 3 of 4: paper %1 of %2</source>
        <translation>Bước 3/4: Giấy tờ %1/%2</translation>
    </message>
    <message>
        <location filename="../header.py" line="119"/>
        <source>Step 4 of 4: check your answers</source>
        <translation>Bước 4/4: Kiểm tra thông tin</translation>
    </message>
    <message>
        <location filename="../header.py" line="120"/>
        <source>Step 4 of 4: your consent</source>
        <translation>Bước 4/4: Đồng ý xử lý dữ liệu</translation>
    </message>
    <message>
        <location filename="../header.py" line="121"/>
        <source>Step 4 of 4: submitting</source>
        <translation>Bước 4/4: Đang nộp hồ sơ</translation>
    </message>
    <message>
        <location filename="../header.py" line="122"/>
        <source>Step 4 of 4: your receipt</source>
        <translation>Bước 4/4: Giấy tiếp nhận</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../main_window.py" line="146"/>
        <source>A staff member is coming to help you. You can go on meanwhile: what you entered is kept, and the session waits for you.</source>
        <translation>Cán bộ đang đến hỗ trợ bạn. Bạn có thể tiếp tục trong lúc chờ: thông tin bạn đã nhập được giữ nguyên và phiên làm việc sẽ chờ bạn.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="153"/>
        <source>Go on while I wait</source>
        <translation>Tiếp tục trong lúc chờ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="154"/>
        <source>Cancel the call</source>
        <translation>Hủy yêu cầu</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="201"/>
        <source>Cancel and erase everything you entered?</source>
        <translation>Hủy và xóa mọi thông tin bạn đã nhập?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="208"/>
        <source>Yes, cancel</source>
        <translation>Có, hủy</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="207"/>
        <source>No, continue</source>
        <translation>Không, tiếp tục</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="260"/>
        <source>Are you still there? In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Bạn vẫn đang sử dụng? Sau %n giây phiên làm việc sẽ kết thúc và thông tin bạn đã nhập sẽ bị xóa.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.py" line="272"/>
        <source>I need more time</source>
        <translation>Tôi cần thêm thời gian</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="273"/>
        <location filename="../main_window.py" line="290"/>
        <source>End now</source>
        <translation>Kết thúc ngay</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="278"/>
        <source>Your card was taken off the reader. Put it back to continue. In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Thẻ đã được lấy ra khỏi đầu đọc. Vui lòng đặt lại thẻ để tiếp tục. Sau %n giây phiên làm việc sẽ kết thúc và thông tin bạn đã nhập sẽ bị xóa.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../keyboard/keyboard.py" line="283"/>
        <source>Space</source>
        <translation>Dấu cách</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="284"/>
        <location filename="../keyboard/keyboard.py" line="285"/>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="286"/>
        <location filename="../keyboard/keyboard.py" line="287"/>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="288"/>
        <source>Capital letters</source>
        <translation>Chữ hoa</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="290"/>
        <source>Telex</source>
        <translation>Telex</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="291"/>
        <source>VNI</source>
        <translation>VNI</translation>
    </message>
    <message>
        <location filename="../keyboard/keyboard.py" line="292"/>
        <source>No accents</source>
        <translation>Không dấu</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../screens/overview.py" line="41"/>
        <source>How it works</source>
        <translation>Các bước thực hiện</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="43"/>
        <source>1. Choose your procedure: the kiosk says which papers to bring.</source>
        <translation>1. Chọn thủ tục: ki-ốt sẽ cho biết cần mang những giấy tờ gì.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="44"/>
        <source>2. Show your chip ID card to the camera and lay it on the reader.</source>
        <translation>2. Đưa thẻ căn cước gắn chip vào dưới camera rồi đặt thẻ lên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="45"/>
        <source>3. Answer a few questions and put each paper under the camera.</source>
        <translation>3. Trả lời một vài câu hỏi và đặt từng giấy tờ dưới camera.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="46"/>
        <source>4. Check, agree, and take your receipt with the dossier code.</source>
        <translation>4. Kiểm tra, đồng ý và nhận giấy tiếp nhận có mã hồ sơ.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="51"/>
        <source>Have your ID card and the papers for your procedure ready. About 10 minutes.</source>
        <translation>Hãy chuẩn bị thẻ căn cước và giấy tờ của thủ tục. Khoảng 10 phút.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="53"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="54"/>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>ProcedureScreen</name>
    <message>
        <location filename="../intake/browse.py" line="119"/>
        <source>All fields</source>
        <translation>Tất cả lĩnh vực</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="174"/>
        <source>Agency</source>
        <translation>Cơ quan giải quyết</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="175"/>
        <source>Time</source>
        <translation>Thời hạn giải quyết</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="176"/>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="189"/>
        <source>Papers to bring</source>
        <translation>Giấy tờ cần mang theo</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="193"/>
        <source> (only in some cases)</source>
        <translation> (chỉ trong một số trường hợp)</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="214"/>
        <source>Choose your procedure</source>
        <translation>Chọn thủ tục</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="215"/>
        <source>Type a few words, e.g. khai sinh</source>
        <translation>Gõ vài chữ, ví dụ: khai sinh</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="216"/>
        <source>Nothing found. Try other words, or ask at the counter.</source>
        <translation>Không tìm thấy. Hãy thử từ khác hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="217"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="218"/>
        <source>Back to the list</source>
        <translation>Quay lại danh sách</translation>
    </message>
    <message>
        <location filename="../intake/browse.py" line="219"/>
        <source>Start this procedure</source>
        <translation>Bắt đầu thủ tục này</translation>
    </message>
    <message>
        <source>I don't know which procedure to choose</source>
        <translation>Tôi chưa biết chọn thủ tục nào</translation>
    </message>
    <message>
        <source>Answer two or three short questions</source>
        <translation>Trả lời 2–3 câu hỏi ngắn</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Question %1. Tap the answer that fits best.</source>
        <translation>Câu hỏi %1. Chạm vào câu trả lời đúng nhất với bạn.</translation>
    </message>
    <message>
        <source>These procedures fit your answers</source>
        <translation>Các thủ tục phù hợp với câu trả lời của bạn</translation>
    </message>
    <message>
        <source>Tap one to see the papers to bring. Not what you need? Call staff.</source>
        <translation>Chạm vào một thủ tục để xem giấy tờ cần mang. Không thấy việc bạn cần? Hãy gọi cán bộ hỗ trợ.</translation>
    </message>
</context>
<context>
    <name>QrFirstIdentityScreen</name>
    <message>
        <location filename="../journey/identity_step.py" line="43"/>
        <source>Show your card to the camera</source>
        <translation>Đưa thẻ của bạn vào dưới camera</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="45"/>
        <source>1. Hold the side of your card with the QR code under the camera: the front of a citizen identity card (2021), the back of an identity card (2024).
2. Then lay the card flat on the reader. The kiosk reads it by itself.</source>
        <translation>1. Đưa mặt có mã QR của thẻ vào dưới camera: mặt trước với thẻ căn cước công dân (mẫu 2021), mặt sau với thẻ căn cước (mẫu 2024).
2. Sau đó đặt thẻ nằm phẳng trên đầu đọc. Ki-ốt sẽ tự đọc thẻ.</translation>
    </message>
    <message>
        <location filename="../journey/identity_step.py" line="51"/>
        <source>No QR code? Type the card number</source>
        <translation>Không có mã QR? Nhập số trên thẻ</translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <location filename="../intake/views.py" line="187"/>
        <source>(optional)</source>
        <translation>(có thể bỏ trống)</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="196"/>
        <source>day/month/year</source>
        <translation>ngày/tháng/năm</translation>
    </message>
    <message>
        <source>No %1</source>
        <translation>Miễn %1</translation>
    </message>
    <message>
        <source>Bring: %1</source>
        <translation>Cần mang: %1</translation>
    </message>
    <message>
        <source>You may also need: %1</source>
        <translation>Có thể cần thêm: %1</translation>
    </message>
    <message>
        <source>These amounts are %1.</source>
        <translation>Số tiền trên %1.</translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>Từ %1 đến %2</translation>
    </message>
    <message>
        <source>One fewer</source>
        <translation>Bớt một</translation>
    </message>
    <message>
        <source>One more</source>
        <translation>Thêm một</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../journey/rating.py" line="105"/>
        <source>How was your visit?</source>
        <translation>Bạn có hài lòng với lần làm thủ tục này không?</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="106"/>
        <source>Tap one answer. This is anonymous and optional.</source>
        <translation>Chạm vào một câu trả lời. Đánh giá là ẩn danh và không bắt buộc.</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="108"/>
        <source>Very satisfied</source>
        <translation>Rất hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="109"/>
        <source>Satisfied</source>
        <translation>Hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="110"/>
        <source>Neither satisfied nor dissatisfied</source>
        <translation>Bình thường</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="111"/>
        <source>Dissatisfied</source>
        <translation>Không hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="112"/>
        <source>Very dissatisfied</source>
        <translation>Rất không hài lòng</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="116"/>
        <source>Add a comment first</source>
        <translation>Viết góp ý trước</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="118"/>
        <source>Write your comment, then tap an answer above. Please do not write your name.</source>
        <translation>Viết góp ý, rồi chạm vào một câu trả lời ở trên. Vui lòng không ghi họ tên của bạn.</translation>
    </message>
    <message>
        <location filename="../journey/rating.py" line="120"/>
        <source>Skip</source>
        <translation>Bỏ qua</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../receipt/screen.py" line="181"/>
        <source>Your dossier code:</source>
        <translation>Mã hồ sơ của bạn:</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="184"/>
        <source>Your result will be ready at {when}.</source>
        <translation>Kết quả sẽ có vào {when}.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="189"/>
        <source>Try printing again</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="190"/>
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="192"/>
        <source>Printing your receipt…</source>
        <translation>Đang in giấy tiếp nhận…</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="193"/>
        <source>Your dossier has been received. Please wait a moment.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận. Vui lòng chờ trong giây lát.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="195"/>
        <source>Please take your receipt</source>
        <translation>Vui lòng nhận giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="198"/>
        <source>Your dossier has been received. Keep the receipt: you need it to collect the result.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận. Vui lòng giữ giấy tiếp nhận: bạn cần giấy này khi nhận kết quả.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="226"/>
        <source>Your receipt could not be printed</source>
        <translation>Không in được giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="227"/>
        <source>Your dossier has been received and is safe.</source>
        <translation>Hồ sơ của bạn đã được tiếp nhận và lưu an toàn.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="230"/>
        <source>The printer has run out of paper.</source>
        <translation>Máy in đã hết giấy.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="231"/>
        <source>The printer&apos;s cover is open.</source>
        <translation>Nắp máy in đang mở.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="232"/>
        <source>The printer is not responding.</source>
        <translation>Máy in không phản hồi.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="235"/>
        <source>The printer has a problem.</source>
        <translation>Máy in đang gặp sự cố.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="238"/>
        <source>Take a photo of your receipt below: its QR code opens your dossier online.</source>
        <translation>Hãy chụp ảnh giấy tiếp nhận dưới đây: mã QR trên đó mở hồ sơ của bạn trên mạng.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="241"/>
        <source>For a printed copy, please go to the one-stop counter: {counter}.</source>
        <translation>Để nhận bản in, vui lòng đến Bộ phận Một cửa: {counter}.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="211"/>
        <source>Collect the result at: {where}.</source>
        <translation>Nơi nhận kết quả: {where}.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="218"/>
        <source>{word}: {amount}, paid at: {place}. The kiosk takes no money.</source>
        <translation>{word}: {amount}, nộp tại: {place}. Ki-ốt không thu tiền.</translation>
    </message>
    <message>
        <location filename="../receipt/screen.py" line="187"/>
        <source>The receipt comes out of the printer slot below the screen.</source>
        <translation>Giấy tiếp nhận ra ở khe máy in phía dưới màn hình.</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../intake/finish.py" line="70"/>
        <source>Check your answers</source>
        <translation>Kiểm tra thông tin đã khai</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="71"/>
        <source>Tap Change to correct an answer.</source>
        <translation>Chạm Sửa để sửa một câu trả lời.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="73"/>
        <source>Change</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="78"/>
        <source>To pay: %1. If you submit now, the result is ready at %2.</source>
        <translation>Số tiền phải nộp: %1. Nếu nộp ngay, hẹn trả kết quả lúc %2.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="120"/>
        <source>More below: swipe up to see the rest.</source>
        <translation>Còn nữa bên dưới: vuốt lên để xem tiếp.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="150"/>
        <source>You said %1, but %2 of “%3” were captured. Please check the number of pages.</source>
        <translation>Bạn khai %1 nhưng đã chụp %2 của “%3”. Vui lòng kiểm tra lại số trang.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="82"/>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>SavingView</name>
    <message>
        <location filename="../intake/finish.py" line="272"/>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="273"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="275"/>
        <source>Your dossier could not be saved</source>
        <translation>Chưa lưu được hồ sơ của bạn</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="278"/>
        <source>The kiosk could not store your dossier, so it was NOT submitted. Tap Try again. If it fails again, please go to the one-stop counter; staff have been alerted.</source>
        <translation>Ki-ốt chưa lưu được hồ sơ nên hồ sơ CHƯA được nộp. Vui lòng chạm Thử lại. Nếu vẫn không được, vui lòng đến Bộ phận Một cửa; cán bộ đã được báo.</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="284"/>
        <source>Submitting your dossier…</source>
        <translation>Đang nộp hồ sơ của bạn…</translation>
    </message>
    <message>
        <location filename="../intake/finish.py" line="285"/>
        <source>Please wait a moment and keep your card on the reader.</source>
        <translation>Vui lòng chờ trong giây lát và giữ thẻ trên đầu đọc.</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <location filename="../intake/views.py" line="104"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="105"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../intake/views.py" line="106"/>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Technician: service PIN</source>
        <translation>Kỹ thuật viên: mã PIN bảo trì</translation>
    </message>
    <message>
        <source>Type the service PIN, then tap Open.</source>
        <translation>Nhập mã PIN bảo trì, rồi chạm Mở.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ServiceDoor</name>
    <message>
        <source>Type the PIN again to leave the kiosk program for the system.</source>
        <translation>Nhập lại mã PIN để thoát chương trình ki-ốt ra hệ điều hành.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n try(s) left before the PIN is locked.</source>
        <translation>
            <numerusform>Sai mã PIN. Còn %n lần thử trước khi mã PIN bị khóa.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong PINs: the service screen is locked for {minutes} min.</source>
        <translation>Nhập sai quá nhiều lần: màn hình bảo trì bị khóa trong {minutes} phút.</translation>
    </message>
    <message>
        <source>No service PIN is set on this kiosk. A technician sets one with &apos;kiosk service-pin set&apos;.</source>
        <translation>Ki-ốt này chưa có mã PIN bảo trì. Kỹ thuật viên đặt mã bằng lệnh &apos;kiosk service-pin set&apos;.</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <source>Checking the devices…</source>
        <translation>Đang kiểm tra thiết bị…</translation>
    </message>
    <message>
        <source>The checks failed: {error}</source>
        <translation>Kiểm tra không thành công: {error}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>chưa có</translation>
    </message>
    <message>
        <source>Waiting to be sent: {queued} · held: {held} · last sync: {when}</source>
        <translation>Chờ gửi: {queued} · bị giữ lại: {held} · lần đồng bộ gần nhất: {when}</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>Đang in trang thử…</translation>
    </message>
    <message>
        <source>The test page failed: {error}</source>
        <translation>In trang thử không thành công: {error}</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Đang bật camera…</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Bảo trì</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Dossiers to send</source>
        <translation>Hồ sơ chờ gửi</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Kiểm tra lại</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>In trang thử</translation>
    </message>
    <message>
        <source>Stop the camera</source>
        <translation>Tắt camera</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>Xem camera</translation>
    </message>
    <message>
        <source>Restart the kiosk</source>
        <translation>Khởi động lại ki-ốt</translation>
    </message>
    <message>
        <source>Exit to the system</source>
        <translation>Thoát ra hệ điều hành</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>CardModelsPicture</name>
    <message>
        <source>Citizen identity card (2021): QR on the front</source>
        <translation>Thẻ căn cước công dân (2021): mã QR ở mặt trước</translation>
    </message>
    <message>
        <source>Identity card (2024): QR on the back</source>
        <translation>Thẻ căn cước (2024): mã QR ở mặt sau</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <source>Pictures of the two card models with their QR code circled, the camera above the desk and the card reader below it.</source>
        <translation>Hình hai mẫu thẻ với mã QR được khoanh tròn, camera phía trên mặt bàn và đầu đọc thẻ bên dưới.</translation>
    </message>
</context>
</TS>
